using Assessment.Abstractions.Benchmarking;
using Assessment.Abstractions.Cycles;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Cycles;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;

namespace Assessment.Host.Api;

public sealed record GapResponse(string Indicator, decimal Benchmark, decimal Own, decimal Gap);
public sealed record BenchmarkResponse(string Village, string Cycle, decimal Score, bool AtRisk, IReadOnlyList<GapResponse> Gaps);
public sealed record AtRiskItem(string Village, string Name, decimal Score, decimal Margin);

/// <summary>
/// 对标提升 on a published cycle: a Demonstration village's gap list (<c>/api/reports/benchmark/{village}</c>)
/// and the at-risk list (<c>/api/reports/at-risk</c>), answered by the province's <see cref="IBenchmarkGrain"/>.
/// </summary>
public static class BenchmarkingApi
{
    public static void MapBenchmarkingApi(this WebApplication app)
    {
        var reports = app.MapGroup("/api/reports");
        reports.MapGet("/benchmark/{village}", BenchmarkAsync).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("village").ProducesReport<BenchmarkResponse>();
        reports.MapGet("/at-risk", AtRiskAsync).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<Page<AtRiskItem>>();
    }

    private static async Task<IResult> BenchmarkAsync(string village, string? cycle, HttpRequest request, IGrainFactory grains)
    {
        var code = DivisionCode.Parse(village); // RequireScope has checked it
        if (code.Level != RegionLevel.Village) return Problems.NotFound($"{village} is a {code.Level.ToWire()}, not a village.");
        if (await PublishedAsync(grains, cycle) is { } problem) return problem;
        var b = await Grain(grains, cycle!, code).GapsAsync(code.Value);
        var report = new BenchmarkResponse(b.Village, b.Cycle, b.Score, b.AtRisk, b.Gaps.Select(g => new GapResponse(g.Indicator, g.Benchmark, g.Own, g.Gap)).ToList());
        return ReportFormats.Respond(request, report, r => new ReportTable($"benchmark-{r.Cycle}-{r.Village}",
            ["indicator", "benchmark", "own", "gap"],
            r.Gaps.Select(g => (IReadOnlyList<object?>)[g.Indicator, g.Benchmark, g.Own, g.Gap]).ToList()));
    }

    private static async Task<IResult> AtRiskAsync(string? cycle, string region, HttpRequest request, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        var code = DivisionCode.Parse(region);
        if (await PublishedAsync(grains, cycle) is { } problem) return problem;
        if (await regions.GetAsync(code, ct) is null) return Problems.NotFound($"No region {code} is stored.");
        var list = await Grain(grains, cycle!, code).AtRiskAsync(code.Prefix);
        // Names from the region tree, one read per county with a village at risk.
        var names = new Dictionary<string, string>();
        foreach (var county in list.Select(a => DivisionCode.Parse(a.Village).Ancestor(RegionLevel.County)).Distinct())
            foreach (var v in await regions.DescendantsAsync(county, RegionLevel.Village, ct)) names[v.Code] = v.Name;
        var items = list.Select(a => new AtRiskItem(a.Village, names.GetValueOrDefault(a.Village, ""), a.Score, a.Margin)).ToList();
        return ReportFormats.Respond(request, new Page<AtRiskItem>(items, null), p => new ReportTable($"at-risk-{cycle}-{code.Value}",
            ["village", "name", "score", "margin"],
            p.Items.Select(a => (IReadOnlyList<object?>)[a.Village, a.Name, a.Score, a.Margin]).ToList()));
    }

    private static IBenchmarkGrain Grain(IGrainFactory grains, string cycle, DivisionCode region) =>
        grains.GetGrain<IBenchmarkGrain>(IBenchmarkGrain.Key(cycle, region.Ancestor(RegionLevel.Province).Value));

    /// <summary>Benchmarking works on a published cycle: 409 for any other phase.</summary>
    private static async Task<IResult?> PublishedAsync(IGrainFactory grains, string? cycle)
    {
        if (string.IsNullOrEmpty(cycle)) return Problems.BadRequest("'cycle' is required: the published cycle's id, e.g. 2024.", "cycle");
        var view = await grains.GetGrain<ICycleGrain>(cycle).GetAsync();
        if (view is null) throw CyclesApi.NoCycle(cycle);
        return view.Phase == CyclePhase.Published ? null : Problems.Conflict($"Cycle {cycle} is {view.Phase}: benchmarking works on a published cycle only.");
    }
}
