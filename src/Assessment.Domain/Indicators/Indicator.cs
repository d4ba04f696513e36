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

    /// <summary>The unit the Chinese name gives in its closing brackets ("村集体经营性收入(万元)": 万元); null when it names none. A method, so the API's JSON of an indicator stays as api.md has it.</summary>
    public string? UnitInName()
    {
        var open = NameZh.LastIndexOf('(');
        return open >= 0 && NameZh.EndsWith(')') ? NameZh[(open + 1)..^1] : null;
    }

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
