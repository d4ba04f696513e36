using System.Globalization;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Humanizer;

namespace Assessment.Domain.Scoring;

/// <summary>One indicator's line of the breakdown: its value, score in [0, 1], weight and points.</summary>
public sealed record IndicatorPoints(string Indicator, string? Value, decimal Score, decimal Weight, decimal Points);

/// <summary>A village's proposal in a cycle, with everything that led to it.</summary>
public sealed record VillageAssessment(
    string Village,
    Tier? PreviousTier,
    Tier ProposedTier,
    decimal Score,
    decimal Bonus,
    bool Veto,
    IReadOnlyList<string> Missing,
    IReadOnlyList<Reason> Reasons,
    IReadOnlyList<IndicatorPoints> Breakdown,
    int MajorOpenProblems = 0)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>What the tier rule needs to propose again under other thresholds (simulate).</summary>
    public TierInputs Inputs => new(PreviousTier, Score, Veto ? ["veto"] : [], MajorOpenProblems);

    /// <summary>
    /// Scores a village: S = Σ weight × score over scored indicators, plus the competition bonus
    /// (for an Excellence village), capped at 100, rounded half away from zero to two decimals;
    /// then the tier rule.
    /// </summary>
    /// <param name="values">Current values by indicator code; a missing one scores 0.</param>
    public static VillageAssessment Assess(
        string village,
        IndicatorCatalog catalog,
        IReadOnlyDictionary<string, IndicatorValue> values,
        Tier? previous,
        Thresholds thresholds,
        CompetitionPlacing? bestPlacing = null,
        int majorOpenProblems = 0,
        IReadOnlyList<MajorProblemHold>? heldBy = null)
    {
        if (heldBy is not null) majorOpenProblems = heldBy.Count;
        var breakdown = new List<IndicatorPoints>(catalog.Count);
        var missing = new List<Indicator>();
        var vetoedBy = new List<string>();
        var sum = 0m;
        foreach (var indicator in catalog.Indicators)
        {
            IndicatorValue? value = values.TryGetValue(indicator.Code, out var v) ? v : null;
            if (value is null) missing.Add(indicator);
            if (indicator.Kind == IndicatorKind.Veto)
            {
                if (value?.Flag == true) vetoedBy.Add(indicator.NameZh);
                continue;
            }
            var points = IndicatorScoring.Points(indicator, value);
            sum += points;
            breakdown.Add(new IndicatorPoints(indicator.Code, value?.ToString(), IndicatorScoring.Round(IndicatorScoring.Score(indicator, value), 4),
                indicator.Weight, IndicatorScoring.Round(points)));
        }

        // Only an Excellence village competes (擂台比武), so only it gets a bonus.
        var placing = previous == Tier.Excellence ? bestPlacing : null;
        var bonus = placing?.Bonus ?? 0m;
        var score = IndicatorScoring.Round(Math.Min(100m, sum + bonus));

        var (tier, tierReasons) = TierRule.Explain(new TierInputs(previous, score, vetoedBy, majorOpenProblems, heldBy), thresholds);
        var reasons = new List<Reason>(tierReasons);
        if (placing is { Bonus: > 0 } p)
        {
            reasons.Add(new($"擂台比武 {p.Competition} 第 {p.Rank} 名（共 {p.Contestants} 名）: +{p.Bonus:0}",
                $"competition {p.Competition}: ranked {p.Rank.Ordinalize(English)} of {p.Contestants}: +{p.Bonus:0}"));
        }
        if (missing.Count > 0)
        {
            reasons.Add(new($"缺少 {missing.Count} 项指标，按 0 分计：{string.Join("、", missing.Select(m => m.NameZh))}",
                $"{"indicator".ToQuantity(missing.Count)} missing, scored 0: {missing.Select(m => m.Code).Humanize("and")}"));
        }
        return new VillageAssessment(village, previous, tier, score, bonus, vetoedBy.Count > 0,
            missing.Select(m => m.Code).ToList(), reasons, breakdown, majorOpenProblems);
    }
}
