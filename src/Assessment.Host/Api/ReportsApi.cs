using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using System.Globalization;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Reports;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public sealed record CompletenessChild(string Region, string Name, int Entered, int Expected, decimal Share);
public sealed record CompletenessResponse(string Region, string Cycle, IReadOnlyList<CompletenessChild> Children);
public sealed record TierShares(decimal Demonstration, decimal Excellence, decimal Foundation);
public sealed record DistributionChild(string Region, string Name, int Total, TierNumbers Tiers, TierShares Shares);
public sealed record DistributionReport(string Region, string Name, string Cycle, int Total, TierNumbers Tiers, TierShares Shares, IReadOnlyList<DistributionChild> Children);
public sealed record MovementsReport(string Region, string From, string To, Dictionary<string, Dictionary<string, int>> Matrix, int Up, int Down, int Unchanged);
public sealed record SummaryReport(string Region, string From, string To, IReadOnlyList<string> Cycles, int MovedUpFromFoundation, int MovedUpFromExcellence,
    decimal DemonstrationShareFrom, decimal DemonstrationShareTo, string Sentence);

public sealed record TargetFiguresBody(int Total, int Demonstration, int Excellence, int Foundation, decimal DemonstrationShare, decimal FoundationShare,
    int MovedUpFromFoundation, int MovedUpFromExcellence)
{
    public static TargetFiguresBody From(Assessment.Domain.Targets.TargetActual a) => new(a.Tiers.Total, a.Tiers.Demonstration, a.Tiers.Excellence, a.Tiers.Foundation,
        a.DemonstrationShare, a.FoundationShare, a.MovedUpFromFoundation, a.MovedUpFromExcellence);
}
public sealed record TargetsRow(string Region, string Name, TargetBody? Targets, TargetFiguresBody Actual, Assessment.Domain.Targets.TargetMet? Met);
public sealed record TargetsReport(string Region, string Cycle, bool Projected, IReadOnlyList<TargetsRow> Rows);

public static class ReportsApi
{

    public static void MapReportsApi(this WebApplication app)
    {
        var reports = app.MapGroup("/api/reports");

        reports.MapGet("/completeness", async Task<IResult> (
            string? cycle, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct) =>
        {
            var code = DivisionCode.Parse(region!); // RequireScope has checked it
            if (cycle is null || await grains.GetGrain<ICycleGrain>(cycle).GetAsync() is null) throw CyclesApi.NoCycle(cycle ?? "(none)");
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
                var results = await fanOut.EachAsync(counties, async county =>
                {
                    var c = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county.Code)).GetCompletenessAsync();
                    return Child(county.Code, county.Name, c.Entered, c.Expected);
                }, ct);
                children.AddRange(results.OrderBy(r => r.Region, StringComparer.Ordinal));
            }
            return ReportFormats.Respond(request, new CompletenessResponse(code.Value, cycle, children), r => new ReportTable($"completeness-{r.Cycle}-{r.Region}",
                ["region", "name", "entered", "expected", "share"],
                r.Children.Select(c => (IReadOnlyList<object?>)[c.Region, c.Name, c.Entered, c.Expected, c.Share]).ToList()));
        }).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<CompletenessResponse>();

        reports.MapGet("/distribution", async Task<IResult> (string? cycle, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
            ReportFormats.Respond(request, await ReportBuilder.DistributionAsync(grains, regions, cycle, DivisionCode.Parse(region!), ct), ReportBuilder.DistributionTable))
            .RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<DistributionReport>();

        reports.MapGet("/movements", async Task<IResult> (string? from, string? to, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
            ReportFormats.Respond(request, await ReportBuilder.MovementsAsync(grains, regions, from, to, DivisionCode.Parse(region!), ct), ReportBuilder.MovementsTable))
            .RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<MovementsReport>();

        reports.MapGet("/summary", async Task<IResult> (string? from, string? to, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
            ReportFormats.Respond(request, await ReportBuilder.SummaryAsync(grains, regions, from, to, DivisionCode.Parse(region!), ct), ReportBuilder.SummaryTable))
            .RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<SummaryReport>();

        reports.MapGet("/targets", TargetsAsync).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<TargetsReport>();
    }

    /// <summary>Yearly targets against actual figures (<see cref="ReportBuilder.TargetsAsync"/>).</summary>
    private static async Task<IResult> TargetsAsync(string? cycle, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct) =>
        ReportFormats.Respond(request, await ReportBuilder.TargetsAsync(grains, regions, fanOut, cycle, DivisionCode.Parse(region!), ct), ReportBuilder.TargetsTable); // RequireScope has checked the region

    private static CompletenessChild Child(string region, string name, int entered, int expected) =>
        new(region, name, entered, expected, expected == 0 ? 0 : Math.Round((decimal)entered / expected, 4, MidpointRounding.AwayFromZero));
}
