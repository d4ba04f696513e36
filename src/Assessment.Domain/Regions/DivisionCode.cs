using System.Diagnostics.CodeAnalysis;

namespace Assessment.Domain.Regions;

/// <summary>
/// A 12-digit statistical division code, <c>PP CC DD TTT VVV</c>. Its level is read from which
/// segments are non-zero, and its parent is the same code with its own segment zeroed: the tree is
/// structural, so a region's parent never has to be looked up to be known.
/// </summary>
public readonly record struct DivisionCode
{
    public const int Length = 12;

    // Where each level's own segment ends: province PP, city CC, county DD, township TTT, village VVV.
    private static readonly int[] SegmentEnd = [0, 2, 4, 6, 9, 12];

    public string Value { get; }
    public RegionLevel Level { get; }

    private DivisionCode(string value, RegionLevel level)
    {
        Value = value;
        Level = level;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out DivisionCode? code, out string? reason)
    {
        code = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            reason = "the code is empty; a division code has 12 digits";
            return false;
        }
        if (text.Length != Length || !text.All(char.IsAsciiDigit))
        {
            reason = $"'{text}' is not a division code: it must be exactly 12 digits";
            return false;
        }
        if (text[..2] == "00")
        {
            reason = $"'{text}' has no province digits (the first two are 00)";
            return false;
        }
        // The level is the deepest non-zero segment; every segment above it must be non-zero too.
        var level = RegionLevel.Province;
        for (var l = RegionLevel.City; l <= RegionLevel.Village; l++)
        {
            if (!IsZero(text, l)) level = l;
        }
        for (var l = RegionLevel.City; l < level; l++)
        {
            if (IsZero(text, l))
            {
                reason = $"'{text}' skips a level: its {l.ToWire()} digits are zero but a lower level's are not";
                return false;
            }
        }
        code = new DivisionCode(text, level);
        reason = null;
        return true;
    }

    public static DivisionCode Parse(string text) =>
        TryParse(text, out var code, out var reason) ? code.Value : throw new FormatException(reason);

    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    /// <summary>The region one level up; null for a province.</summary>
    public DivisionCode? Parent => Level == RegionLevel.Province ? null : Ancestor(Level - 1);

    /// <summary>The county this code lies in (itself for a county); null above county level.</summary>
    public DivisionCode? County => Level < RegionLevel.County ? null : Ancestor(RegionLevel.County);

    /// <summary>The ancestor at <paramref name="level"/> (itself at its own level).</summary>
    public DivisionCode Ancestor(RegionLevel level)
    {
        if (level > Level) throw new ArgumentOutOfRangeException(nameof(level), $"{Value} is a {Level.ToWire()}, it has no {level.ToWire()}");
        var keep = SegmentEnd[(int)level];
        return new DivisionCode(Value[..keep] + new string('0', Length - keep), level);
    }

    /// <summary>How many leading digits identify a region of <paramref name="level"/>.</summary>
    public static int PrefixLength(RegionLevel level) => SegmentEnd[(int)level];

    /// <summary>The digits that identify this region; every code below it starts with them.</summary>
    public string Prefix => Value[..SegmentEnd[(int)Level]];

    /// <summary>True when <paramref name="other"/> is this region or lies below it.</summary>
    public bool Contains(DivisionCode other) => other.Level >= Level && other.Value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>True when one of the two regions lies in the other: a county overlaps its province and each of its townships.</summary>
    public bool Overlaps(DivisionCode other) => Contains(other) || other.Contains(this);

    public override string ToString() => Value;

    private static bool IsZero(string text, RegionLevel level)
    {
        var start = SegmentEnd[(int)level - 1];
        var end = SegmentEnd[(int)level];
        for (var i = start; i < end; i++)
        {
            if (text[i] != '0') return false;
        }
        return true;
    }
}
