using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public sealed record CompletenessChild(string Region, string Name, int Entered, int Expected, decimal Share);
public sealed record CompletenessResponse(string Region, string Cycle, IReadOnlyList<CompletenessChild> Children);

public static class ReportsApi
{
    /// <summary>How many county grains one report asks at once.</summary>
    private const int CountiesInFlight = 8;

    public static void MapReportsApi(this WebApplication app)
    {
        var reports = app.MapGroup("/api/reports");

        reports.MapGet("/completeness", async Task<Results<Ok<CompletenessResponse>, ProblemHttpResult>> (
            string? cycle, string? region, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
        {
            var code = DivisionCode.Parse(region!); // RequireScope has checked it
            if (cycle is null || await grains.GetGrain<ICycleGrain>(cycle).GetAsync() is null) return CyclesApi.NoCycle(cycle ?? "(none)");
            if (await regions.GetAsync(code, ct) is null) return Problems.NotFound($"No region {code} is stored.");
            if (code.Level > RegionLevel.County) return Problems.BadRequest("Completeness is reported for a province, city or county.", "region");

            var children = new List<CompletenessChild>();
            if (code.Level == RegionLevel.County)
            {
                // Per township of the county.
                var names = (await regions.DescendantsAsync(code, RegionLevel.Township, ct)).ToDictionary(r => r.Code, r => r.Name);
                var county = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, code.Value)).GetCompletenessAsync();
                var byTownship = county.Townships.ToDictionary(t => t.Township);
                children.AddRange(names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => byTownship.TryGetValue(n.Key, out var t)
                    ? Child(n.Key, n.Value, t.Entered, t.Expected)
                    : Child(n.Key, n.Value, 0, 0)));
            }
            else
            {
                var counties = await regions.DescendantsAsync(code, RegionLevel.County, ct);
                var results = new CompletenessChild[counties.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, counties.Count), new ParallelOptions { MaxDegreeOfParallelism = CountiesInFlight, CancellationToken = ct }, async (i, _) =>
                {
                    var c = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, counties[i].Code)).GetCompletenessAsync();
                    results[i] = Child(counties[i].Code, counties[i].Name, c.Entered, c.Expected);
                });
                children.AddRange(results.OrderBy(r => r.Region, StringComparer.Ordinal));
            }
            return TypedResults.Ok(new CompletenessResponse(code.Value, cycle, children));
        }).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region");
    }

    private static CompletenessChild Child(string region, string name, int entered, int expected) =>
        new(region, name, entered, expected, expected == 0 ? 0 : Math.Round((decimal)entered / expected, 4, MidpointRounding.AwayFromZero));
}
