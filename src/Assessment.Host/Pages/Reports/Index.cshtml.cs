using System.Globalization;
using System.Text.Json;
using Assessment.Abstractions;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Reports;

/// <summary>
/// 分类评定报表: a region's published tiers as charts and tables — the distribution by child region, the
/// movement matrix between two published cycles, the demonstration share over the published cycles, targets
/// against actual, and the summary sentence. Everything comes from the same aggregated reports as the API
/// (<see cref="ReportBuilder"/>): a page never reads villages one by one.
/// </summary>
public sealed class IndexModel(IGrainFactory grains, RegionStore regions, FanOut fanOut, TimeProvider time) : PageModel
{
    /// <summary>How many years before the shown cycle the trend and the cycle picker look at (cycle ids are years).</summary>
    public const int YearsBack = 10;

    public static readonly Role[] Readers = [Role.Admin, Role.Province, Role.City, Role.County];

    public Actor Actor { get; private set; } = null!;
    public RegionEntry? Region { get; private set; }
    /// <summary>The region picker: the reader's own region down to the shown one, then the shown one's children.</summary>
    public IReadOnlyList<RegionEntry> Choices { get; private set; } = [];
    public IReadOnlyList<string> Published { get; private set; } = [];
    public string? Cycle { get; private set; }
    public DistributionReport? Distribution { get; private set; }
    public MovementsReport? Movements { get; private set; }
    public SummaryReport? Summary { get; private set; }
    public TargetsReport? Targets { get; private set; }
    /// <summary>The demonstration share of each published cycle up to the shown one, oldest first.</summary>
    public IReadOnlyList<(string Cycle, decimal Share, int Demonstration, int Total)> Trend { get; private set; } = [];
    public Refused? Refusal { get; private set; }

    /// <summary>Whether the children of the shown region can be opened on this page (reports go down to counties).</summary>
    public bool ChildrenOpen => Region is { } r && r.Level < RegionLevel.County;

    public async Task<IActionResult> OnGetAsync(string? cycle, string? region, string? from, CancellationToken ct)
    {
        Actor = HttpContext.Actor();
        if (!Readers.Contains(Actor.Role)) return Forbid();
        try
        {
            var code = await RegionOfAsync(Actor, region, regions, ct);
            Region = await regions.GetAsync(code, ct) ?? throw Refused.NotFound($"No region {code} is stored.");
            Choices = await ChoicesAsync(code, ct);

            int? asked = null;
            if (!string.IsNullOrEmpty(cycle))
            {
                if (!int.TryParse(cycle, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 9999)
                    throw Malformed($"'{cycle}' is not a cycle: a cycle's id is its year, e.g. 2024.", "cycle");
                asked = year;
            }
            var anchor = asked ?? time.GetUtcNow().Year;
            Published = await ReportBuilder.PublishedBetweenAsync(grains, anchor - YearsBack, anchor + 5);
            Cycle = asked?.ToString(CultureInfo.InvariantCulture) ?? Published.LastOrDefault();
            if (Cycle is null) return Page(); // nothing published yet: the page says so

            Distribution = await ReportBuilder.DistributionAsync(grains, regions, Cycle, code, ct);
            var earlier = Published.Where(c => string.CompareOrdinal(c, Cycle) < 0).ToList();
            var trend = new List<(string, decimal, int, int)>();
            foreach (var c in earlier)
            {
                var d = await ReportBuilder.DistributionAsync(grains, regions, c, code, ct);
                trend.Add((c, d.Shares.Demonstration, d.Tiers.Demonstration, d.Total));
            }
            trend.Add((Cycle, Distribution.Shares.Demonstration, Distribution.Tiers.Demonstration, Distribution.Total));
            Trend = trend;

            var movedFrom = !string.IsNullOrEmpty(from) ? from : earlier.LastOrDefault();
            if (movedFrom is not null) Movements = await ReportBuilder.MovementsAsync(grains, regions, movedFrom, Cycle, code, ct);
            Summary = await ReportBuilder.SummaryAsync(grains, regions, earlier.FirstOrDefault() ?? Cycle, Cycle, code, ct);
            Targets = await ReportBuilder.TargetsAsync(grains, regions, fanOut, Cycle, code, ct);
        }
        catch (Refused refused)
        {
            Refusal = refused;
            Response.StatusCode = refused.Kind switch
            {
                RefusalKind.Malformed => 400,
                RefusalKind.NotFound => 404,
                RefusalKind.Forbidden => 403,
                RefusalKind.Conflict => 409,
                _ => 422,
            };
        }
        return Page();
    }

    /// <summary>
    /// The region a report is about: the one asked for, which must lie in the reader's region and be a province,
    /// city or county; else the reader's own (an administrator's, the first province).
    /// </summary>
    public static async Task<DivisionCode> RegionOfAsync(Actor actor, string? region, RegionStore regions, CancellationToken ct)
    {
        DivisionCode code;
        if (!string.IsNullOrEmpty(region))
        {
            if (!DivisionCode.TryParse(region, out var parsed, out var reason)) throw Malformed(reason!, "region");
            code = parsed.Value;
        }
        else if (actor.Region is { } own) code = own;
        else if ((await regions.ProvincesAsync(ct)).FirstOrDefault() is { } first) code = DivisionCode.Parse(first.Code);
        else throw Refused.NotFound("No region is stored yet; the administrator imports the regions first.");
        if (!actor.Reaches(code)) throw Refused.Forbidden($"{code} lies outside your region {actor.Region?.Value ?? "(none)"}.");
        if (code.Level > RegionLevel.County) throw Malformed("These reports are for a province, city or county.", "region");
        return code;
    }

    private async Task<IReadOnlyList<RegionEntry>> ChoicesAsync(DivisionCode code, CancellationToken ct)
    {
        var chain = new List<RegionEntry>();
        for (var c = code; ; c = c.Ancestor(c.Level - 1))
        {
            if (!Actor.Reaches(c) || await regions.GetAsync(c, ct) is not { } entry) break;
            chain.Insert(0, entry);
            if (c.Level == RegionLevel.Province) break;
        }
        if (code.Level < RegionLevel.County) chain.AddRange(await regions.DescendantsAsync(code, code.Level + 1, ct));
        return chain;
    }

    private static Refused Malformed(string detail, string field) => new(RefusalKind.Malformed, detail, [new ValidationError(detail, Field: field)]);

    /// <summary>The query of a download link: this page's report, as CSV or XLSX.</summary>
    public string Download(string kind, string format)
    {
        var query = new Dictionary<string, string?> { ["region"] = Region?.Code };
        switch (kind)
        {
            case "movements": query["from"] = Movements?.From; query["to"] = Movements?.To; break;
            case "summary": query["from"] = Summary?.From; query["to"] = Summary?.To; break;
            default: query["cycle"] = Cycle; break;
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/reports/download/{kind}.{format}", query);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A chart's data for wwwroot/js/charts.js, as JSON safe inside a script element (&lt; is escaped).</summary>
    public static string ChartJson(object chart) => JsonSerializer.Serialize(chart, Json);

    public static string Percent(decimal share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
