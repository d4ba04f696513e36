using Assessment.Abstractions;
using Assessment.Domain.Access;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;

namespace Assessment.Host.Pages.Reports;

/// <summary>
/// The report pages' downloads: the page's session (cookie) asks, the report is built by the same code as the
/// API's (<see cref="ReportBuilder"/>) and written by <see cref="ReportFormats"/> as CSV or XLSX.
/// </summary>
public static class ReportsPages
{
    public static void MapReportsPages(this WebApplication app)
    {
        app.MapGet("/reports/download/{kind}.{format}", DownloadAsync).RequireAuthorization(PagesSetup.Policy).ExcludeFromDescription();
    }

    private static async Task<IResult> DownloadAsync(string kind, string format, string? cycle, string? region, string? from, string? to,
        HttpContext http, IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct)
    {
        var actor = http.Actor();
        if (!IndexModel.Readers.Contains(actor.Role)) return Problems.Forbidden("Reports are for the province, city and county officers.");
        var accept = format switch { "csv" => ReportFormats.Csv, "xlsx" => ReportFormats.Xlsx, _ => null };
        if (accept is null) return Problems.BadRequest($"'{format}' is not a download format: csv or xlsx.", "format");
        var code = await IndexModel.RegionOfAsync(actor, region, regions, ct);
        // ReportFormats answers as the Accept header asks, as it does for the API: the link names the format instead.
        var request = http.Request;
        request.Headers.Accept = accept;
        return kind switch
        {
            "distribution" => ReportFormats.Respond(request, await ReportBuilder.DistributionAsync(grains, regions, cycle, code, ct), ReportBuilder.DistributionTable),
            "movements" => ReportFormats.Respond(request, await ReportBuilder.MovementsAsync(grains, regions, from, to, code, ct), ReportBuilder.MovementsTable),
            "summary" => ReportFormats.Respond(request, await ReportBuilder.SummaryAsync(grains, regions, from, to, code, ct), ReportBuilder.SummaryTable),
            "targets" => ReportFormats.Respond(request, await ReportBuilder.TargetsAsync(grains, regions, fanOut, cycle, code, ct), ReportBuilder.TargetsTable),
            _ => Problems.NotFound($"No report '{kind}': distribution, movements, summary or targets."),
        };
    }
}
