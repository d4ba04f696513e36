using System.Text.RegularExpressions;
using Assessment.Abstractions.Cycles;
using Assessment.Domain;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;

namespace Assessment.Host.Pages.County;

/// <summary>
/// The county officer's pages (村庄, 台账, 导入, 问题整顿): what they share, and the one cookie-authorized route
/// they need besides the pages, an evidence file's download (an &lt;img&gt; cannot send a bearer token).
/// </summary>
public static partial class CountyPages
{
    public static void MapCountyPages(this WebApplication app)
    {
        app.MapGet("/villages/{code}/problems/{id}/attachments/{n}", DownloadAsync)
            .RequireAuthorization(PagesSetup.Policy).ExcludeFromDescription();
        app.MapGet("/cycles/{cycle}/template", TemplateAsync)
            .RequireAuthorization(PagesSetup.Policy).ExcludeFromDescription();
    }

    /// <summary>
    /// The county's XLSX template (填报模板) for the upload page: the API's template, for the page's sign-in. A county
    /// officer gets its own county's; others name a county of their region.
    /// </summary>
    private static async Task<IResult> TemplateAsync(string cycle, string? county, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        var actor = http.Actor();
        county ??= actor.Role == Domain.Access.Role.County ? actor.Region?.Value : null;
        if (!IsCycleId(cycle) || !DivisionCode.TryParse(county, out var code, out _)) return Results.NotFound();
        if (!actor.Reaches(code.Value)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            return await CyclesApi.TemplateAsync(cycle, code.Value.Value, grains, regions, ct);
        }
        catch (Abstractions.Refused) { return Results.NotFound(); }
    }

    /// <summary>
    /// The file as stored, with its own content type; nosniff, so a browser never reads a file as anything but
    /// what it was checked to be when attached. Same scope as the API: the problem's village must be the reader's.
    /// </summary>
    private static async Task<IResult> DownloadAsync(string code, string id, string n, HttpContext http, IGrainFactory grains, EvidenceStore evidence, CancellationToken ct)
    {
        if (!Abstractions.Problems.ProblemIds.IsValid(id) || Abstractions.Problems.ProblemIds.VillageOf(id) != code) return Results.NotFound();
        if (VillageScope(http, code) is { } status) return Results.StatusCode(status);
        try
        {
            if (await ProblemsApi.ReadAttachmentAsync(grains, evidence, id, n, ct) is not { } file) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(file.Bytes, file.Attachment.ContentType);
        }
        catch (Abstractions.Refused) { return Results.NotFound(); }
    }

    /// <summary>Null when <paramref name="code"/> is a village in the reader's region; else the status to answer (404 not a village code, 403 another region).</summary>
    public static int? VillageScope(HttpContext http, string? code)
    {
        if (!DivisionCode.TryParse(code, out var village, out _) || village.Value.Level != RegionLevel.Village) return StatusCodes.Status404NotFound;
        return http.Actor().Reaches(village.Value) ? null : StatusCodes.Status403Forbidden;
    }

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex CycleId();

    /// <summary>The cycle named (a year), else the open one of recent years, else the newest; null when there is none.</summary>
    public static async Task<CycleView?> CycleAsync(IGrainFactory grains, TimeProvider time, string? named)
    {
        if (!string.IsNullOrEmpty(named)) return CycleId().IsMatch(named) ? await grains.GetGrain<ICycleGrain>(named).GetAsync() : null;
        var recent = await RecentCycles.ListAsync(grains, time);
        return recent.FirstOrDefault(c => c.Phase == Domain.Cycles.CyclePhase.Open) ?? recent.FirstOrDefault();
    }

    public static bool IsCycleId(string? id) => id is not null && CycleId().IsMatch(id);

    public static string TierClass(Tier? tier) => Text.TierClass(tier);

    /// <summary>An indicator's unit, from the bracket of its Chinese name ("党员参训率(%)" → "%"); empty when it has none.</summary>
    public static string Unit(Domain.Indicators.Indicator indicator) =>
        indicator.UnitInName() ?? (indicator.Whole ? Text.T("整数", "whole number") : "");

    public static string Name(Domain.Indicators.Indicator indicator) => Text.T(indicator.NameZh, indicator.NameEn);

    public static string Shown(Domain.Indicators.IndicatorValue? value) => value switch
    {
        null => "—",
        { Flag: true } => Text.T("是", "yes"),
        { Flag: false } => Text.T("否", "no"),
        { Number: { } n } => n.ToString(System.Globalization.CultureInfo.CurrentCulture),
        _ => "—",
    };

    public static string StatusName(Domain.Problems.ProblemStatus status) => status switch
    {
        Domain.Problems.ProblemStatus.Open => Text.T("待整改", "Open"),
        Domain.Problems.ProblemStatus.Rectified => Text.T("已整改", "Rectified"),
        _ => Text.T("已验收", "Verified"),
    };

    public static string SeverityName(Domain.Problems.ProblemSeverity s) => s == Domain.Problems.ProblemSeverity.Major ? Text.T("重大", "Major") : Text.T("一般", "Minor");

    public static string SourceName(Domain.Problems.ProblemSource s) => s switch
    {
        Domain.Problems.ProblemSource.Inspection => Text.T("巡察督查", "Inspection"),
        Domain.Problems.ProblemSource.Hotline => Text.T("热线诉求", "Hotline"),
        Domain.Problems.ProblemSource.SelfCheck => Text.T("自查自纠", "Self-check"),
        _ => Text.T("其他", "Other"),
    };

    /// <summary>The status a refusal answers with on a page, as the API would (<see cref="Problems"/>).</summary>
    public static int Status(Abstractions.Refused refused) => refused.Kind switch
    {
        Abstractions.RefusalKind.Malformed => StatusCodes.Status400BadRequest,
        Abstractions.RefusalKind.NotFound => StatusCodes.Status404NotFound,
        Abstractions.RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        Abstractions.RefusalKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
