using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Domain.Access;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.County;

/// <summary>
/// 批量导入: a county's indicator file sent through <see cref="CyclesApi.ImportIndicatorsAsync"/>, the method the
/// API's <c>indicators:import</c> calls, so the page takes whatever file kinds the API takes. A refused file shows
/// every bad row (row, column, reason); an accepted one, what it wrote and the county's completeness.
/// </summary>
public sealed class UploadModel(IGrainFactory grains) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Cycle { get; set; } = "";

    public CycleView CycleView { get; private set; } = null!;
    public Refused? Refusal { get; private set; }
    public LedgerWrite? Written { get; private set; }
    public CountyCompleteness? Completeness { get; private set; }
    /// <summary>The county whose template the page offers: a county officer's own.</summary>
    public string? County => HttpContext.Actor().Region is { Level: Domain.Regions.RegionLevel.County } county ? county.Value : null;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? encoding, CancellationToken ct)
    {
        if (await LoadAsync() is { } failed) return failed;
        if (file is null || file.Length == 0)
            return Refuse(Refused.Invalid(Text.T("没有选择文件。", "No file was chosen."), [new(Text.T("请选择要导入的文件", "choose the file to import"), Field: "file")]));
        // A CSV file is sent as text/csv with the charset chosen; any other file with the type the browser gives it.
        var csv = file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || file.ContentType is "text/csv" or "application/vnd.ms-excel" or "application/octet-stream" or "";
        // A workbook is told by its name too: some browsers send an .xlsx file as application/octet-stream.
        var contentType = file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? Api.ReportFormats.Xlsx
            : csv ? $"text/csv; charset={(encoding == "gb18030" ? "gb18030" : "utf-8")}" : file.ContentType;
        try
        {
            await using var stream = file.OpenReadStream();
            Written = await CyclesApi.ImportIndicatorsAsync(grains, Cycle, HttpContext.Actor(), contentType, stream, file.Length, ct);
            if (HttpContext.Actor().Region is { Level: Domain.Regions.RegionLevel.County } county)
                Completeness = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(Cycle, county.Value)).GetCompletenessAsync();
            return Page();
        }
        catch (Refused refused) { return Refuse(refused); }
        catch (UnsupportedMediaTypeException e)
        {
            return Refuse(Refused.Invalid(Text.T("不支持这种文件：请上传 CSV 或 Excel（.xlsx）文件。", e.Message), [new(e.Message, Field: "file")]), StatusCodes.Status415UnsupportedMediaType);
        }
        catch (BodyTooLargeException e)
        {
            return Refuse(Refused.Invalid(Text.T($"文件超过 {e.Limit / 1024 / 1024} MiB。", $"The file is over {e.Limit / 1024 / 1024} MiB."), [new("too large", Field: "file")]), StatusCodes.Status413PayloadTooLarge);
        }
    }

    private PageResult Refuse(Refused refused, int? status = null)
    {
        Refusal = refused;
        Response.StatusCode = status ?? CountyPages.Status(refused);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (!HttpContext.Is(Role.County, Role.Admin)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!CountyPages.IsCycleId(Cycle) || await grains.GetGrain<ICycleGrain>(Cycle).GetAsync() is not { } cycle) return StatusCode(StatusCodes.Status404NotFound);
        CycleView = cycle;
        return null;
    }
}
