using System.Globalization;
using System.Text.RegularExpressions;

namespace Assessment.Domain.Indicators;

/// <summary>
/// A cycle's indicators, and the one place that decides whether a value is valid for one of them.
/// </summary>
public sealed partial class IndicatorCatalog
{
    private readonly Dictionary<string, Indicator> byCode;

    public IReadOnlyList<Indicator> Indicators { get; }

    public IndicatorCatalog(IEnumerable<Indicator> indicators)
    {
        Indicators = indicators.ToList();
        byCode = Indicators.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.First());
    }

    public int Count => Indicators.Count;

    public Indicator? Find(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The default catalog of domain.md: 16 scored indicators (weights sum to 100) and 2 vetoes.</summary>
    public static IndicatorCatalog Default { get; } = new(
    [
        Num("secretary_training_hours", "书记年度培训学时", "Secretary's training hours", "leadership", 0, 40, 6, min: 0),
        Bool("committee_cross_serving", "书记主任“一肩挑”", "Secretary also heads the village committee", "leadership", 4),
        Num("reserve_cadres", "后备力量人数", "Reserve cadres", "leadership", 0, 3, 5, min: 0, whole: true),
        Num("new_members", "年度发展党员数", "New Party members this year", "members", 0, 2, 5, min: 0, whole: true),
        Num("member_training_rate", "党员参训率(%)", "Members trained (%)", "members", 50, 100, 5, min: 0, max: 100),
        Num("mobile_members_contacted_rate", "流动党员联系率(%)", "Mobile members contacted (%)", "members", 50, 100, 5, min: 0, max: 100),
        Num("three_meetings_one_lesson", "“三会一课”开展次数", "\"Three meetings, one lesson\" held", "organization", 0, 24, 8, min: 0, whole: true),
        Num("theme_party_days", "主题党日次数", "Theme Party days held", "organization", 0, 12, 5, min: 0, whole: true),
        Num("collective_income", "村集体经营性收入(万元)", "Collective operating income (10k yuan)", "economy", 0, 50, 15, min: 0),
        Bool("cooperative_led", "党支部领办合作社", "Party branch leads a cooperative", "economy", 6),
        Num("income_growth_rate", "集体收入增长率(%)", "Collective income growth (%)", "economy", 0, 15, 6, min: -100),
        Num("disputes_resolved_rate", "矛盾纠纷化解率(%)", "Disputes resolved (%)", "governance", 60, 100, 7, min: 0, max: 100),
        Num("petitions", "越级上访件数", "Petitions bypassing levels", "governance", 5, 0, 5, min: 0, whole: true),
        Num("grid_coverage_rate", "网格党组织覆盖率(%)", "Grid Party organization coverage (%)", "governance", 50, 100, 4, min: 0, max: 100),
        Num("hotline_satisfaction", "热线诉求满意率(%)", "Hotline satisfaction (%)", "service", 80, 100, 7, min: 0, max: 100),
        Num("households_visited_rate", "入户走访覆盖率(%)", "Households visited (%)", "service", 50, 100, 7, min: 0, max: 100),
        new Indicator("serious_violation", "严重违纪违法问题", "Serious violation of discipline or law", "veto", IndicatorKind.Veto, 0),
        new Indicator("major_safety_incident", "重大安全事故", "Major safety incident", "veto", IndicatorKind.Veto, 0),
    ]);

    private static Indicator Num(string code, string zh, string en, string category, decimal floor, decimal target, decimal weight,
        decimal? min = null, decimal? max = null, bool whole = false) =>
        new(code, zh, en, category, IndicatorKind.Number, weight, floor, target, min, max, whole);

    private static Indicator Bool(string code, string zh, string en, string category, decimal weight) =>
        new(code, zh, en, category, IndicatorKind.Boolean, weight);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex CodePattern();

    /// <summary>What is wrong with a catalog a cycle is created with; empty when it is usable.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (Indicators.Count == 0) errors.Add(new("a catalog needs at least one indicator", Field: "catalog"));
        for (var n = 0; n < Indicators.Count; n++)
        {
            var i = Indicators[n];
            var at = $"catalog[{n}]";
            void Fail(string field, string message) => errors.Add(new($"{i.Code}: {message}", Field: $"{at}.{field}"));
            if (!CodePattern().IsMatch(i.Code ?? "")) Fail("code", "a code is 1 to 64 of a–z, 0–9 and '_', starting with a letter");
            if (Indicators.Take(n).Any(o => o.Code == i.Code)) Fail("code", "this code appears twice");
            if (string.IsNullOrWhiteSpace(i.NameZh)) Fail("nameZh", "the Chinese name is empty");
            if (string.IsNullOrWhiteSpace(i.NameEn)) Fail("nameEn", "the English name is empty");
            if (i.Weight < 0) Fail("weight", "a weight cannot be negative");
            if (i.Kind == IndicatorKind.Veto && i.Weight != 0) Fail("weight", "a veto carries no weight (0)");
            if (i.Kind == IndicatorKind.Number)
            {
                if (i.Floor is null || i.Target is null) Fail("target", "a number indicator needs a floor and a target");
                else if (i.Floor == i.Target) Fail("target", $"floor and target are both {i.Floor}; they must differ");
                if (i.Min is { } lo && i.Max is { } hi && lo > hi) Fail("max", $"min {lo} is above max {hi}");
            }
        }
        var total = Indicators.Where(i => i.IsScored).Sum(i => i.Weight);
        if (Indicators.Count > 0 && total != 100) errors.Add(new($"the weights of scored indicators sum to {total}; they must sum to 100", Field: "catalog"));
        return errors;
    }

    /// <summary>Checks a value given as text (a CSV cell); the message names the indicator, the value and what is allowed.</summary>
    public bool TryRead(Indicator indicator, string text, out IndicatorValue value, out string? error)
    {
        text = text.Trim();
        value = default;
        if (text.Length == 0)
        {
            error = $"{indicator.Code} ({indicator.NameZh}) has no value; expected {indicator.Allowed}";
            return false;
        }
        if (indicator.Kind == IndicatorKind.Number)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a number; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}";
                return false;
            }
            return Check(indicator, number, out value, out error);
        }
        bool? flag = text.ToLowerInvariant() switch
        {
            "true" or "是" or "1" => true,
            "false" or "否" or "0" => false,
            _ => null,
        };
        if (flag is null)
        {
            error = $"'{text}' is not true or false; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}";
            return false;
        }
        value = IndicatorValue.Of(flag.Value);
        error = null;
        return true;
    }

    /// <summary>Checks a number entered for a number indicator.</summary>
    public static bool Check(Indicator indicator, decimal number, out IndicatorValue value, out string? error)
    {
        value = default;
        var shown = number.ToString(CultureInfo.InvariantCulture);
        if (indicator.Kind != IndicatorKind.Number)
            error = $"{shown} is a number; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}";
        else if (indicator.Whole && number != decimal.Truncate(number))
            error = $"{shown} is not a whole number; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}";
        else if (indicator.Min is { } lo && number < lo || indicator.Max is { } hi && number > hi)
            error = $"{shown} is out of range; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}";
        else
        {
            value = IndicatorValue.Of(number);
            error = null;
            return true;
        }
        return false;
    }

    /// <summary>Checks a true/false entered for a boolean or veto indicator.</summary>
    public static bool Check(Indicator indicator, bool flag, out IndicatorValue value, out string? error)
    {
        value = default;
        if (indicator.Kind == IndicatorKind.Number)
        {
            error = $"{(flag ? "true" : "false")} is not a number; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}";
            return false;
        }
        value = IndicatorValue.Of(flag);
        error = null;
        return true;
    }

    public string UnknownCode(string code) =>
        $"'{code}' is not an indicator of this cycle; known codes: {string.Join(", ", Indicators.Select(i => i.Code))}";
}
