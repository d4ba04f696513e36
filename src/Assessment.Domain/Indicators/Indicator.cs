namespace Assessment.Domain.Indicators;

public enum IndicatorKind
{
    Number,  // linear from floor (0) to target (1)
    Boolean, // true → 1
    Veto,    // 一票否决: no weight; true keeps the village at Foundation
}

/// <summary>One indicator of a cycle's catalog (domain.md, Indicators and the ledger).</summary>
public sealed record Indicator(
    string Code,
    string NameZh,
    string NameEn,
    string Category,
    IndicatorKind Kind,
    decimal Weight,
    decimal? Floor = null,
    decimal? Target = null,
    decimal? Min = null,
    decimal? Max = null,
    bool Whole = false)
{
    public bool IsScored => Kind != IndicatorKind.Veto;

    /// <summary>What values are allowed, in words, for error messages.</summary>
    public string Allowed => Kind switch
    {
        IndicatorKind.Number => (Whole ? "a whole number" : "a number") + (Min, Max) switch
        {
            ({ } lo, { } hi) => $" from {lo} to {hi}",
            ({ } lo, null) => $", {lo} or more",
            (null, { } hi) => $", {hi} or less",
            _ => "",
        },
        _ => "true or false (是/否, 1/0)",
    };
}
