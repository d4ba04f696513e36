using Assessment.Domain.Indicators;
using Assessment.Domain.Scoring;

namespace Assessment.Domain.Benchmarking;

/// <summary>One line of a Demonstration village's gap list: how far it stands below the benchmark, in points.</summary>
/// <param name="Benchmark">The benchmark score in [0, 1], four decimals (as the breakdown shows scores).</param>
/// <param name="Own">The village's own score in [0, 1], four decimals.</param>
/// <param name="Gap">weight × (benchmark − own), from the unrounded scores, rounded half away from zero to two decimals.</param>
public sealed record IndicatorGap(string Indicator, decimal Benchmark, decimal Own, decimal Gap);

/// <summary>
/// 对标提升 (domain.md, "Benchmarking"): per scored indicator, the benchmark is the 90th percentile
/// (nearest rank) of that indicator's score among all of the province's Demonstration villages of a
/// published cycle; each of them is measured against it.
/// </summary>
public sealed class Benchmarks
{
    public const decimal Percentile = 0.9m;

    private readonly Dictionary<string, decimal> byIndicator;

    private Benchmarks(Dictionary<string, decimal> byIndicator, int villages)
    {
        this.byIndicator = byIndicator;
        Villages = villages;
    }

    /// <summary>How many Demonstration villages the benchmarks are taken over.</summary>
    public int Villages { get; }

    /// <summary>The benchmark of a scored indicator; null for a veto, an unknown code, or when there are no villages.</summary>
    public decimal? this[string indicator] => byIndicator.TryGetValue(indicator, out var b) ? b : null;

    /// <param name="demonstrationScores">For each Demonstration village of the province, its score in [0, 1] by indicator code (<see cref="ScoresOf"/>); a missing code scores 0, as a missing value does.</param>
    public static Benchmarks Of(IndicatorCatalog catalog, IEnumerable<IReadOnlyDictionary<string, decimal>> demonstrationScores)
    {
        var scored = catalog.Indicators.Where(i => i.IsScored).ToList();
        var columns = scored.ToDictionary(i => i.Code, _ => new List<decimal>());
        var villages = 0;
        foreach (var village in demonstrationScores)
        {
            villages++;
            foreach (var i in scored) columns[i.Code].Add(village.GetValueOrDefault(i.Code));
        }
        Dictionary<string, decimal> byIndicator = villages == 0 ? [] : columns.ToDictionary(c => c.Key, c => NearestRank(c.Value, Percentile));
        return new Benchmarks(byIndicator, villages);
    }

    /// <summary>A village's score in [0, 1] for each scored indicator, exactly as scoring computes it (not the four-decimal breakdown).</summary>
    public static Dictionary<string, decimal> ScoresOf(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values) =>
        catalog.Indicators.Where(i => i.IsScored).ToDictionary(i => i.Code, i => IndicatorScoring.Score(i, values.TryGetValue(i.Code, out var v) ? v : null));

    /// <summary>
    /// The gap list of a village: for each scored indicator, weight × max(0, benchmark − own score),
    /// rounded to two decimals; largest first, ties by indicator code; gaps that round to 0.00 are
    /// left out (a line that says "0.00 points to gain" tells the village nothing).
    /// </summary>
    public IReadOnlyList<IndicatorGap> Gaps(IndicatorCatalog catalog, IReadOnlyDictionary<string, decimal> ownScores)
    {
        var gaps = new List<IndicatorGap>();
        foreach (var indicator in catalog.Indicators.Where(i => i.IsScored))
        {
            if (this[indicator.Code] is not { } benchmark) continue;
            var own = ownScores.GetValueOrDefault(indicator.Code);
            var gap = IndicatorScoring.Round(indicator.Weight * Math.Max(0m, benchmark - own));
            if (gap > 0) gaps.Add(new IndicatorGap(indicator.Code, IndicatorScoring.Round(benchmark, 4), IndicatorScoring.Round(own, 4), gap));
        }
        return gaps.OrderByDescending(g => g.Gap).ThenBy(g => g.Indicator, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The nearest-rank percentile: sort ascending and take the value at position ⌈p × n⌉, counting
    /// from 1 (the 9th of 10 values for p = 0.9, the 10th of 11, the only one of 1). Always one of the
    /// values, never an interpolation between two.
    /// </summary>
    public static decimal NearestRank(IReadOnlyCollection<decimal> values, decimal p)
    {
        if (values.Count == 0) throw new ArgumentException("the percentile of no values is undefined", nameof(values));
        if (p is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "a percentile lies in (0, 1]");
        var position = (int)Math.Ceiling(p * values.Count); // 1-based; ≥ 1 because p > 0
        return values.Order().ElementAt(position - 1);
    }
}
