using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Review;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Regions;
using Assessment.Domain.Reports;
using Assessment.Storage;

namespace Assessment.Host.Api;

/// <summary>
/// The tier reports (distribution, movements, summary, targets) and their spreadsheet tables, built once for
/// both the API (<see cref="ReportsApi"/>) and the report pages (Pages/Reports), so a page's numbers and
/// downloads are the API's. Bad input is refused with <see cref="Refused"/> (the host's one place turns it into
/// the problem response); the caller has checked that the region lies in the reader's.
/// </summary>
public static class ReportBuilder
{
    public static async Task<DistributionReport> DistributionAsync(IGrainFactory grains, RegionStore regions, string? cycle, DivisionCode code, CancellationToken ct)
    {
        await PublishedAsync(grains, cycle, "cycle");
        if (await regions.GetAsync(code, ct) is not { } self) throw Refused.NotFound($"No region {code} is stored.");
        var counts = await Tiers(grains, code).DistributionAsync(cycle!, code.Value);
        var children = code.Level == RegionLevel.Village ? [] : await regions.DescendantsAsync(code, code.Level + 1, ct);
        return new DistributionReport(code.Value, self.Name, cycle!, counts.Total.Total, TierNumbers(counts.Total), Shares(counts.Total),
            children.Select(c =>
            {
                var n = counts.Children.GetValueOrDefault(c.Code, TierCounts.Zero);
                return new DistributionChild(c.Code, c.Name, n.Total, TierNumbers(n), Shares(n));
            }).ToList());
    }

    public static ReportTable DistributionTable(DistributionReport r) => new($"distribution-{r.Cycle}-{r.Region}",
        ["region", "name", "total", "demonstration", "excellence", "foundation", "demonstrationShare", "excellenceShare", "foundationShare"],
        [.. r.Children.Select(c => Row(c.Region, c.Name, c.Total, c.Tiers, c.Shares)), Row(r.Region, r.Name, r.Total, r.Tiers, r.Shares)]);

    public static async Task<MovementsReport> MovementsAsync(IGrainFactory grains, RegionStore regions, string? from, string? to, DivisionCode code, CancellationToken ct)
    {
        await PublishedAsync(grains, from, "from");
        await PublishedAsync(grains, to, "to");
        if (string.CompareOrdinal(from, to) >= 0) throw Refused.Invalid($"'from' ({from}) must be an earlier cycle than 'to' ({to}).", [new("must be before 'to'", Field: "from")]);
        if (await regions.GetAsync(code, ct) is null) throw Refused.NotFound($"No region {code} is stored.");
        var m = await Tiers(grains, code).MovementsAsync(from!, to!, code.Value);
        var matrix = Ranks.ToDictionary(f => f.ToWire(), f => Ranks.ToDictionary(t => t.ToWire(), t => m.Counts[(int)f - 1][(int)t - 1]));
        return new MovementsReport(code.Value, from!, to!, matrix, m.Up, m.Down, m.Unchanged);
    }

    public static ReportTable MovementsTable(MovementsReport r) => new($"movements-{r.From}-{r.To}-{r.Region}",
        ["from \\ to", .. Ranks.Select(t => t.ToWire())],
        Ranks.Select(f => (IReadOnlyList<object?>)[f.ToWire(), .. Ranks.Select(t => (object?)r.Matrix[f.ToWire()][t.ToWire()])]).ToList());

    /// <summary>The tiers from the top: Demonstration, Excellence, Foundation (the matrix's order).</summary>
    public static readonly IReadOnlyList<Tier> Ranks = Enum.GetValues<Tier>().Reverse().ToList();

    public static async Task<SummaryReport> SummaryAsync(IGrainFactory grains, RegionStore regions, string? from, string? to, DivisionCode code, CancellationToken ct)
    {
        if (!int.TryParse(from, out var first) || !int.TryParse(to, out var last) || first > last || last - first > 50)
            throw Refused.Invalid("The span is from one cycle to a later one, e.g. from=2022&to=2024.", [new($"'{from}'..'{to}' is not a span of cycles", Field: "from")]);
        if (await regions.GetAsync(code, ct) is null) throw Refused.NotFound($"No region {code} is stored.");
        var span = await PublishedBetweenAsync(grains, first, last);
        if (span.Count == 0) throw Refused.Conflict($"No cycle from {from} to {to} is published.");
        var s = await Tiers(grains, code).SummaryAsync(span, code.Value);
        return new SummaryReport(code.Value, from!, to!, span, s.MovedUpFromFoundation, s.MovedUpFromExcellence, s.DemonstrationShareFrom, s.DemonstrationShareTo, s.Sentence);
    }

    public static ReportTable SummaryTable(SummaryReport r) => new($"summary-{r.From}-{r.To}-{r.Region}",
        ["region", "from", "to", "cycles", "movedUpFromFoundation", "movedUpFromExcellence", "demonstrationShareFrom", "demonstrationShareTo", "sentence"],
        [[r.Region, r.From, r.To, r.Cycles.Count, r.MovedUpFromFoundation, r.MovedUpFromExcellence, r.DemonstrationShareFrom, r.DemonstrationShareTo, r.Sentence]]);

    /// <summary>The published cycles among the years from <paramref name="first"/> to <paramref name="last"/> (cycle ids are years), oldest first.</summary>
    public static async Task<List<string>> PublishedBetweenAsync(IGrainFactory grains, int first, int last)
    {
        var views = await Task.WhenAll(Enumerable.Range(first, last - first + 1)
            .Select(year => grains.GetGrain<ICycleGrain>(year.ToString(CultureInfo.InvariantCulture)).GetAsync()));
        return [.. views.Where(v => v is { Phase: CyclePhase.Published }).Select(v => v!.Id)];
    }

    /// <summary>
    /// Yearly targets against actual figures, for the region and each child region with targets: final
    /// once the cycle is published (the published tiers), else projected from the proposals with the
    /// decisions so far (and <c>projected</c> says so).
    /// </summary>
    public static async Task<TargetsReport> TargetsAsync(IGrainFactory grains, RegionStore regions, FanOut fanOut, string? cycle, DivisionCode code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(cycle)) throw Malformed("'cycle' is required: the cycle's id, e.g. 2024.", "cycle");
        var view = await grains.GetGrain<ICycleGrain>(cycle).GetAsync() ?? throw CyclesApi.NoCycle(cycle);
        if (code.Level > RegionLevel.County) throw Malformed("Targets are reported for a province, city or county.", "region");
        if (await regions.GetAsync(code, ct) is not { } self) throw Refused.NotFound($"No region {code} is stored.");

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
        else throw Refused.Conflict($"Cycle {cycle} is {view.Phase}: it has no proposals yet to project its figures from; compute it first.");

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
        return new TargetsReport(code.Value, cycle, projected, rows);
    }

    public static ReportTable TargetsTable(TargetsReport r) => new($"targets-{r.Cycle}-{r.Region}",
        ["region", "name", "projected", "total",
         "demonstrationShareTarget", "demonstrationShare", "demonstrationShareMet",
         "foundationShareMaxTarget", "foundationShare", "foundationShareMaxMet",
         "movedUpFromFoundationTarget", "movedUpFromFoundation", "movedUpFromFoundationMet",
         "movedUpFromExcellenceTarget", "movedUpFromExcellence", "movedUpFromExcellenceMet"],
        r.Rows.Select(x => (IReadOnlyList<object?>)[x.Region, x.Name, Flag(r.Projected), x.Actual.Total,
            x.Targets?.DemonstrationShare, x.Actual.DemonstrationShare, Flag(x.Met?.DemonstrationShare),
            x.Targets?.FoundationShareMax, x.Actual.FoundationShare, Flag(x.Met?.FoundationShareMax),
            x.Targets?.MovedUpFromFoundation, x.Actual.MovedUpFromFoundation, Flag(x.Met?.MovedUpFromFoundation),
            x.Targets?.MovedUpFromExcellence, x.Actual.MovedUpFromExcellence, Flag(x.Met?.MovedUpFromExcellence)]).ToList());

    /// <summary>A yes/no cell as text (a spreadsheet has no boolean in our tables); empty where no target is named.</summary>
    private static string? Flag(bool? value) => value switch { true => "true", false => "false", null => null };

    /// <summary>A 400 naming the field, as <see cref="Problems.BadRequest"/> answers it.</summary>
    private static Refused Malformed(string detail, string field) => new(RefusalKind.Malformed, detail, [new ValidationError(detail, Field: field)]);

    private static ITierReportsGrain Tiers(IGrainFactory grains, DivisionCode region) =>
        grains.GetGrain<ITierReportsGrain>(region.Ancestor(RegionLevel.Province).Value);

    /// <summary>Reports count published tiers only: the cycle must exist and be published.</summary>
    private static async Task PublishedAsync(IGrainFactory grains, string? cycle, string field)
    {
        if (string.IsNullOrEmpty(cycle)) throw Malformed($"'{field}' is required: the cycle's id, e.g. 2024.", field);
        var view = await grains.GetGrain<ICycleGrain>(cycle).GetAsync() ?? throw CyclesApi.NoCycle(cycle);
        if (view.Phase != CyclePhase.Published) throw Refused.Conflict($"Cycle {cycle} is {view.Phase}: reports count published tiers only.");
    }

    private static TierNumbers TierNumbers(TierCounts c) => new(c.Demonstration, c.Excellence, c.Foundation);

    private static TierShares Shares(TierCounts c) => new(c.Share(Tier.Demonstration), c.Share(Tier.Excellence), c.Share(Tier.Foundation));

    private static IReadOnlyList<object?> Row(string region, string name, int total, TierNumbers n, TierShares s) =>
        [region, name, total, n.Demonstration, n.Excellence, n.Foundation, s.Demonstration, s.Excellence, s.Foundation];
}
