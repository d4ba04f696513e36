using Assessment.Abstractions;
using Assessment.Abstractions.Benchmarking;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Review;
using Assessment.Domain.Benchmarking;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Storage;

namespace Assessment.Grains.Benchmarking;

/// <summary>
/// A published cycle's benchmarks for one province, built on first use from every county worker's
/// Demonstration villages and kept in memory (the cycle is published: they never change). Nothing is
/// stored: everything follows again from the published proposals and decisions.
/// </summary>
public sealed class BenchmarkGrain(RegionStore regions, FanOut fanOut) : Grain, IBenchmarkGrain
{
    private string cycle = "";
    private IndicatorCatalog catalog = IndicatorCatalog.Default;
    private Thresholds thresholds = Thresholds.Default;
    private Benchmarks? benchmarks;
    /// <summary>Each Demonstration village: its score and its exact score in [0, 1] per scored indicator.</summary>
    private readonly SortedDictionary<string, (decimal Score, Dictionary<string, decimal> Scores)> demonstration = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        cycle = key[0];
        var province = DivisionCode.Parse(key[1]);
        var view = await GrainFactory.GetGrain<ICycleGrain>(cycle).GetAsync() ?? throw Refused.NotFound($"No cycle {cycle}.");
        if (view.Phase != CyclePhase.Published) throw Refused.Conflict($"Cycle {cycle} is {view.Phase}: benchmarks are taken on a published cycle.");
        (catalog, thresholds) = (new IndicatorCatalog(view.Catalog), view.Thresholds);
        var counties = await regions.DescendantsAsync(province, RegionLevel.County, ct);
        var lists = await fanOut.EachAsync(counties, c => GrainFactory.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, c.Code)).GetDemonstrationAsync(), ct);
        foreach (var v in lists.SelectMany(l => l)) demonstration[v.Village] = (v.Score, Benchmarks.ScoresOf(catalog, v.Values));
        benchmarks = Benchmarks.Of(catalog, demonstration.Values.Select(d => (IReadOnlyDictionary<string, decimal>)d.Scores));
    }

    public Task<BenchmarkView> GapsAsync(string village)
    {
        if (!demonstration.TryGetValue(village, out var own))
            throw Refused.Invalid($"Village {village} is not 示范 (Demonstration) in cycle {cycle}: benchmarking measures Demonstration villages only.",
                [new($"not Demonstration in cycle {cycle}", Field: "village")]);
        var gaps = benchmarks!.Gaps(catalog, own.Scores).Select(g => new GapView(g.Indicator, g.Benchmark, g.Own, g.Gap)).ToList();
        return Task.FromResult(new BenchmarkView(village, cycle, own.Score, AtRisk.Is(own.Score, thresholds), gaps, benchmarks.Villages));
    }

    public Task<IReadOnlyList<AtRiskView>> AtRiskAsync(string regionPrefix) =>
        Task.FromResult<IReadOnlyList<AtRiskView>>(AtRisk.List(demonstration
                .Where(d => d.Key.StartsWith(regionPrefix, StringComparison.Ordinal))
                .Select(d => (d.Key, "", d.Value.Score)), thresholds)
            .Select(a => new AtRiskView(a.Village, a.Score, a.Margin))
            .ToList());
}
