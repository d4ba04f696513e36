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
        {
            var code = DivisionCode.Parse(region!); // RequireScope has checked it
            if (await PublishedAsync(grains, cycle, "cycle") is { } problem) return problem;
            if (await regions.GetAsync(code, ct) is not { } self) return Problems.NotFound($"No region {code} is stored.");
            var counts = await Tiers(grains, code).DistributionAsync(cycle!, code.Value);
            var children = code.Level == RegionLevel.Village ? [] : await regions.DescendantsAsync(code, code.Level + 1, ct);
            var report = new DistributionReport(code.Value, self.Name, cycle!, counts.Total.Total, TierNumbers(counts.Total), Shares(counts.Total),
                children.Select(c =>
                {
                    var n = counts.Children.GetValueOrDefault(c.Code, TierCounts.Zero);
                    return new DistributionChild(c.Code, c.Name, n.Total, TierNumbers(n), Shares(n));
                }).ToList());
            return ReportFormats.Respond(request, report, r => new ReportTable($"distribution-{r.Cycle}-{r.Region}",
                ["region", "name", "total", "demonstration", "excellence", "foundation", "demonstrationShare", "excellenceShare", "foundationShare"],
                [.. r.Children.Select(c => Row(c.Region, c.Name, c.Total, c.Tiers, c.Shares)), Row(r.Region, r.Name, r.Total, r.Tiers, r.Shares)]));
        }).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<DistributionReport>();

        reports.MapGet("/movements", async Task<IResult> (string? from, string? to, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
        {
            var code = DivisionCode.Parse(region!);
            if (await PublishedAsync(grains, from, "from") is { } p1) return p1;
            if (await PublishedAsync(grains, to, "to") is { } p2) return p2;
            if (string.CompareOrdinal(from, to) >= 0) return Problems.Invalid($"'from' ({from}) must be an earlier cycle than 'to' ({to}).", [new("must be before 'to'", Field: "from")]);
            if (await regions.GetAsync(code, ct) is null) return Problems.NotFound($"No region {code} is stored.");
            var m = await Tiers(grains, code).MovementsAsync(from!, to!, code.Value);
            var ranks = Enum.GetValues<Tier>().Reverse().ToList();
            var matrix = ranks.ToDictionary(f => f.ToWire(), f => ranks.ToDictionary(t => t.ToWire(), t => m.Counts[(int)f - 1][(int)t - 1]));
            var report = new MovementsReport(code.Value, from!, to!, matrix, m.Up, m.Down, m.Unchanged);
            return ReportFormats.Respond(request, report, r => new ReportTable($"movements-{r.From}-{r.To}-{r.Region}",
                ["from \\ to", .. ranks.Select(t => t.ToWire())],
                ranks.Select(f => (IReadOnlyList<object?>)[f.ToWire(), .. ranks.Select(t => (object?)r.Matrix[f.ToWire()][t.ToWire()])]).ToList()));
        }).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<MovementsReport>();

        reports.MapGet("/summary", async Task<IResult> (string? from, string? to, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
        {
            var code = DivisionCode.Parse(region!);
            if (!int.TryParse(from, out var first) || !int.TryParse(to, out var last) || first > last || last - first > 50)
                return Problems.Invalid("The span is from one cycle to a later one, e.g. from=2022&to=2024.", [new($"'{from}'..'{to}' is not a span of cycles", Field: "from")]);
            if (await regions.GetAsync(code, ct) is null) return Problems.NotFound($"No region {code} is stored.");
            var span = new List<string>();
            for (var year = first; year <= last; year++)
            {
                if (await grains.GetGrain<ICycleGrain>(year.ToString(CultureInfo.InvariantCulture)).GetAsync() is { Phase: CyclePhase.Published } c) span.Add(c.Id);
            }
            if (span.Count == 0) return Problems.Conflict($"No cycle from {from} to {to} is published.");
            var s = await Tiers(grains, code).SummaryAsync(span, code.Value);
            var report = new SummaryReport(code.Value, from!, to!, span, s.MovedUpFromFoundation, s.MovedUpFromExcellence, s.DemonstrationShareFrom, s.DemonstrationShareTo, s.Sentence);
            return ReportFormats.Respond(request, report, r => new ReportTable($"summary-{r.From}-{r.To}-{r.Region}",
                ["region", "from", "to", "cycles", "movedUpFromFoundation", "movedUpFromExcellence", "demonstrationShareFrom", "demonstrationShareTo", "sentence"],
                [[r.Region, r.From, r.To, r.Cycles.Count, r.MovedUpFromFoundation, r.MovedUpFromExcellence, r.DemonstrationShareFrom, r.DemonstrationShareTo, r.Sentence]]));
        }).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<SummaryReport>();

        reports.MapGet("/targets", TargetsAsync).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<TargetsReport>();
    }

    /// <summary>
    /// Yearly targets against actual figures, for the region and each child region with targets: final
    /// once the cycle is published (the published tiers), else projected from the proposals with the
    /// decisions so far (and <c>projected</c> says so).
    /// </summary>
    private static async Task<IResult> TargetsAsync(string? cycle, string? region, HttpRequest request, IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct)
    {
        var code = DivisionCode.Parse(region!); // RequireScope has checked it
        if (string.IsNullOrEmpty(cycle)) return Problems.BadRequest("'cycle' is required: the cycle's id, e.g. 2024.", "cycle");
        var view = await grains.GetGrain<ICycleGrain>(cycle).GetAsync() ?? throw CyclesApi.NoCycle(cycle);
        if (code.Level > RegionLevel.County) return Problems.BadRequest("Targets are reported for a province, city or county.", "region");
        if (await regions.GetAsync(code, ct) is not { } self) return Problems.NotFound($"No region {code} is stored.");

        var projected = view.Phase != CyclePhase.Published;
        IReadOnlyDictionary<string, Assessment.Domain.Targets.TargetActual> byCounty;
        if (!projected)
        {
            byCounty = await Tiers(grains, code).TargetFiguresAsync(cycle, code.Value);
        }
        else if (view.Phase is CyclePhase.Computed or CyclePhase.Notice && view.Work != CycleWork.Computing)
        {
            var counties = CyclesApi.CountiesOf(view, code).ToList();
            var figures = await fanOut.EachAsync(counties, c => CyclesApi.County(grains, cycle, c).FiguresAsync(), ct);
            byCounty = counties.Zip(figures).ToDictionary(p => p.First, p => p.Second);
        }
        else return Problems.Conflict($"Cycle {cycle} is {view.Phase}: it has no proposals yet to project its figures from; compute it first.");

        var targets = await grains.GetGrain<ICycleGrain>(cycle).GetTargetsAsync();
        Assessment.Domain.Targets.TargetActual ActualOf(string regionCode)
        {
            var prefix = DivisionCode.Parse(regionCode).Prefix;
            return byCounty.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Aggregate(Assessment.Domain.Targets.TargetActual.Zero, (a, c) => a + c.Value);
        }
        TargetsRow RowOf(string regionCode, string name)
        {
            var actual = ActualOf(regionCode);
            var target = targets.GetValueOrDefault(regionCode);
            return new TargetsRow(regionCode, name, target is null ? null : TargetBody.From(target), TargetFiguresBody.From(actual), target?.Check(actual));
        }
        var rows = new List<TargetsRow> { RowOf(code.Value, self.Name) };
        if (code.Level < RegionLevel.County)
        {
            foreach (var child in (await regions.DescendantsAsync(code, code.Level + 1, ct)).Where(c => targets.ContainsKey(c.Code)).OrderBy(c => c.Code, StringComparer.Ordinal))
                rows.Add(RowOf(child.Code, child.Name));
        }
        var report = new TargetsReport(code.Value, cycle, projected, rows);
        return ReportFormats.Respond(request, report, r => new ReportTable($"targets-{r.Cycle}-{r.Region}",
            ["region", "name", "projected", "total",
             "demonstrationShareTarget", "demonstrationShare", "demonstrationShareMet",
             "foundationShareMaxTarget", "foundationShare", "foundationShareMaxMet",
             "movedUpFromFoundationTarget", "movedUpFromFoundation", "movedUpFromFoundationMet",
             "movedUpFromExcellenceTarget", "movedUpFromExcellence", "movedUpFromExcellenceMet"],
            r.Rows.Select(x => (IReadOnlyList<object?>)[x.Region, x.Name, Flag(r.Projected), x.Actual.Total,
                x.Targets?.DemonstrationShare, x.Actual.DemonstrationShare, Flag(x.Met?.DemonstrationShare),
                x.Targets?.FoundationShareMax, x.Actual.FoundationShare, Flag(x.Met?.FoundationShareMax),
                x.Targets?.MovedUpFromFoundation, x.Actual.MovedUpFromFoundation, Flag(x.Met?.MovedUpFromFoundation),
                x.Targets?.MovedUpFromExcellence, x.Actual.MovedUpFromExcellence, Flag(x.Met?.MovedUpFromExcellence)]).ToList()));
    }

    /// <summary>A yes/no cell as text (a spreadsheet has no boolean in our tables); empty where no target is named.</summary>
    private static string? Flag(bool? value) => value switch { true => "true", false => "false", null => null };

    private static ITierReportsGrain Tiers(IGrainFactory grains, DivisionCode region) =>
        grains.GetGrain<ITierReportsGrain>(region.Ancestor(RegionLevel.Province).Value);

    private static async Task<IResult?> PublishedAsync(IGrainFactory grains, string? cycle, string field)
    {
        if (string.IsNullOrEmpty(cycle)) return Problems.BadRequest($"'{field}' is required: the cycle's id, e.g. 2024.", field);
        var view = await grains.GetGrain<ICycleGrain>(cycle).GetAsync();
        if (view is null) throw CyclesApi.NoCycle(cycle);
        return view.Phase == CyclePhase.Published ? null : Problems.Conflict($"Cycle {cycle} is {view.Phase}: reports count published tiers only.");
    }

    private static TierNumbers TierNumbers(TierCounts c) => new(c.Demonstration, c.Excellence, c.Foundation);

    private static TierShares Shares(TierCounts c) => new(c.Share(Tier.Demonstration), c.Share(Tier.Excellence), c.Share(Tier.Foundation));

    private static IReadOnlyList<object?> Row(string region, string name, int total, TierNumbers n, TierShares s) =>
        [region, name, total, n.Demonstration, n.Excellence, n.Foundation, s.Demonstration, s.Excellence, s.Foundation];

    private static CompletenessChild Child(string region, string name, int entered, int expected) =>
        new(region, name, entered, expected, expected == 0 ? 0 : Math.Round((decimal)entered / expected, 4, MidpointRounding.AwayFromZero));
}
