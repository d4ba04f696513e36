using System.Globalization;
using Assessment.Domain.Scoring;

namespace Assessment.Domain.Reports;

/// <summary>
/// The action plan's statement over a span of published cycles (domain.md, Reports): how many
/// villages moved up out of Foundation and out of Excellence, and the Demonstration share at the
/// first and the last cycle.
/// </summary>
public sealed record PlanSummary(
    int Years,
    int MovedUpFromFoundation,
    int MovedUpFromExcellence,
    TierCounts First,
    TierCounts Last)
{
    public decimal DemonstrationShareFrom => First.Share(Tier.Demonstration);
    public decimal DemonstrationShareTo => Last.Share(Tier.Demonstration);

    /// <summary>e.g. "3 年来, 6,381 个强基村、9,849 个创优村晋位升级, 示范村占比从 28.3% 升至 40.4%".</summary>
    public string Sentence
    {
        get
        {
            var from = Percent(First);
            var to = Percent(Last);
            var share = to > from ? $"从 {from:0.0}% 升至 {to:0.0}%" : to < from ? $"从 {from:0.0}% 降至 {to:0.0}%" : $"保持 {to:0.0}%";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Years} 年来, {MovedUpFromFoundation:N0} 个强基村、{MovedUpFromExcellence:N0} 个创优村晋位升级, 示范村占比{share}");
        }
    }

    /// <summary>From the counts, not from the four-decimal share, so that 28.345% is 28.3% and not 28.4%.</summary>
    private static decimal Percent(TierCounts c) => c.Total == 0 ? 0m : IndicatorScoring.Round(100m * c.Demonstration / c.Total, 1);

    /// <summary>
    /// A village counts as moved up out of a tier if, for some two consecutive published cycles of
    /// the span, it was in that tier in the earlier and higher in the later; once per tier at most.
    /// </summary>
    /// <param name="villages">Each village's tiers in the span's published cycles, oldest first (null: not rated that cycle).</param>
    public static PlanSummary Of(int cycles, IEnumerable<IReadOnlyList<Tier?>> villages)
    {
        int fromFoundation = 0, fromExcellence = 0;
        var first = TierCounts.Zero;
        var last = TierCounts.Zero;
        foreach (var tiers in villages)
        {
            if (cycles == 0) break;
            if (tiers[0] is { } t0) first = first.Add(t0);
            if (tiers[cycles - 1] is { } tn) last = last.Add(tn);
            bool upFromFoundation = false, upFromExcellence = false;
            for (var i = 0; i + 1 < cycles; i++)
            {
                if (tiers[i] is not { } before || tiers[i + 1] is not { } after || after <= before) continue;
                if (before == Tier.Foundation) upFromFoundation = true;
                if (before == Tier.Excellence) upFromExcellence = true;
            }
            if (upFromFoundation) fromFoundation++;
            if (upFromExcellence) fromExcellence++;
        }
        return new PlanSummary(cycles, fromFoundation, fromExcellence, first, last);
    }
}
