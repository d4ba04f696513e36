using System.Globalization;

namespace Assessment.Domain.Indicators;

/// <summary>A value as entered: a number (decimal, never binary floating point) or a true/false.</summary>
public readonly record struct IndicatorValue
{
    public decimal? Number { get; }
    public bool? Flag { get; }

    private IndicatorValue(decimal? number, bool? flag)
    {
        Number = number;
        Flag = flag;
    }

    public static IndicatorValue Of(decimal number) => new(number, null);
    public static IndicatorValue Of(bool flag) => new(null, flag);

    /// <summary>The stored and displayed form: "12.5", "true", "false".</summary>
    public override string ToString() => Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Flag == true ? "true" : "false";

    public static IndicatorValue ParseStored(string text) => text switch
    {
        "true" => Of(true),
        "false" => Of(false),
        _ => Of(decimal.Parse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture)),
    };
}
