using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Domain;
using Assessment.Domain.Competitions;
using Assessment.Domain.Csv;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Competitions;

/// <summary>
/// <c>/competitions/{id}/manage</c>, the organizer's page: contestants (one by one, or a CSV list added all
/// together or not at all), start, close, and the results with the fairness figures and their downloads
/// (the same report code as <c>/api/reports/competition/{id}</c> and <c>/api/reports/fairness/{id}</c>).
/// </summary>
public sealed class ManageModel(IGrainFactory grains) : PageModel
{
    public static readonly string[] CsvColumns = ["village", "presenter", "session", "order"];

    [FromRoute] public string Id { get; set; } = "";
    public CompetitionView Competition { get; private set; } = null!;
    public CompetitionBoard? Board { get; private set; }
    public FairnessResponse? Fairness { get; private set; }
    public Refused? Refused { get; private set; }
    public string? Done { get; private set; }
    public bool MayOrganize { get; private set; }

    [BindProperty] public string? Village { get; set; }
    [BindProperty] public string? Presenter { get; set; }
    [BindProperty] public int? Session { get; set; }
    [BindProperty] public int? Order { get; set; }

    public Task<IActionResult> OnGetAsync(string? done)
    {
        Done = done switch
        {
            "added" => T("已添加选手。", "The contestant was added."),
            "uploaded" => T("已按名单添加全部选手。", "Every contestant of the list was added."),
            "started" => T("比赛已开始，评委现在可以评分。", "The competition is live: judges may score now."),
            "closed" => T("比赛已结束，结果为最终结果。", "The competition is closed: the results are final."),
            _ => null,
        };
        return ShowAsync();
    }

    private static string T(string zh, string en) => Text.T(zh, en);

    private async Task<IActionResult> ShowAsync()
    {
        if (await CompetitionPages.FindAsync(grains, Id) is not { } c) return NotFound();
        MayOrganize = HttpContext.Actor().Organizes(c);
        if (!MayOrganize)
        {
            Response.StatusCode = 403;
            Refused ??= Refused.Forbidden(T($"只有比赛的组织者（{c.RegionCode} 的市、县组织部门）可以管理本场比赛。", $"Only the organizer of competition {c.Id} (a city or county officer of {c.RegionCode}) manages it."));
        }
        Competition = c;
        if (c.Phase != CompetitionPhase.Scheduled)
        {
            Board = await CompetitionsApi.Grain(grains, Id).GetBoardAsync();
            Fairness = await CompetitionsApi.FairnessAsync(grains, Id);
        }
        return Page();
    }

    private async Task<IActionResult> DoAsync(Func<ICompetitionGrain, Caller, Task> action, string done)
    {
        try
        {
            await action(CompetitionsApi.Grain(grains, Id), CompetitionsApi.CallerOf(HttpContext));
            return Redirect($"/competitions/{Id}/manage?done={done}");
        }
        catch (Refused r)
        {
            Refused = r;
            Response.StatusCode = CompetitionPages.Status(r);
            return await ShowAsync();
        }
    }

    public Task<IActionResult> OnPostAddAsync() =>
        DoAsync((g, caller) => g.AddContestantAsync(new NewContestant(Village?.Trim() ?? "", Presenter ?? "", Session, Order), caller), "added");

    /// <summary>A CSV (UTF-8, or GB18030 when the file is not UTF-8) or an Excel workbook with village,presenter,session,order: all rows or none.</summary>
    public Task<IActionResult> OnPostUploadAsync(IFormFile? list) => DoAsync(async (g, caller) =>
    {
        if (list is null || list.Length == 0)
            throw Refused.Invalid(T("没有收到名单文件。", "No list was sent."), [new(T("请选择一个 CSV 文件", "choose a CSV file"), Field: "list")]);
        if (list.Length > Uploads.MaxBytes) throw Refused.Invalid(T("名单文件过大。", "The list is too large."), [new($"over {Uploads.MaxBytes:N0} bytes", Field: "list")]);
        using var buffer = new MemoryStream();
        await list.CopyToAsync(buffer);
        CsvTable table;
        try
        {
            // An Excel list (first sheet) gives the same table as a CSV one.
            table = list.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? Spreadsheets.XlsxReader.Read(buffer.ToArray())
                : CsvText.Read(buffer.ToArray(), null);
        }
        catch (MalformedInputException)
        {
            // Spreadsheet programs on Chinese Windows save CSV as GB18030.
            try { table = CsvText.Read(buffer.ToArray(), "gb18030"); }
            catch (MalformedInputException e) { throw Refused.Invalid(e.Message, e.Errors); }
        }
        Dictionary<string, int> columns;
        try { columns = table.Columns(CsvColumns, []); }
        catch (MalformedInputException e) { throw Refused.Invalid(e.Message, e.Errors); }
        var errors = new List<ValidationError>();
        var entries = new List<NewContestant>();
        foreach (var row in table.Rows)
        {
            int? Number(string column)
            {
                var text = row[columns[column]].Trim();
                if (text.Length == 0) return null;
                if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
                errors.Add(new($"'{text}' is not a whole number", Row: row.Number, Column: column));
                return null;
            }
            entries.Add(new NewContestant(row[columns["village"]].Trim(), row[columns["presenter"]], Number("session"), Number("order")));
        }
        await g.AddContestantsAsync(entries, [.. table.Rows.Select(r => r.Number)], errors, caller);
    }, "uploaded");

    public Task<IActionResult> OnPostStartAsync() => DoAsync((g, caller) => g.StartAsync(caller), "started");

    public Task<IActionResult> OnPostCloseAsync() => DoAsync((g, caller) => g.CloseAsync(caller), "closed");

    /// <summary>The competition report (once closed) or the fairness report, as CSV or XLSX.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string? report, string? format)
    {
        if (await CompetitionPages.FindAsync(grains, Id) is not { } c) return NotFound();
        if (!HttpContext.Actor().Reads(c)) return Forbid();
        ReportTable table;
        if (report == "fairness") table = CompetitionsApi.FairnessTableOf(await CompetitionsApi.FairnessAsync(grains, Id));
        else if (c.Phase == CompetitionPhase.Closed) table = CompetitionsApi.ReportTableOf(await CompetitionsApi.ReportAsync(grains, c));
        else
        {
            Refused = Refused.Conflict(T("比赛结束后才有最终成绩表。", $"Competition {Id} is {c.Phase}: its report is the final ranking, given once it is Closed."));
            Response.StatusCode = 409;
            return await ShowAsync();
        }
        return format == "xlsx"
            ? File(ReportFormats.ToXlsx(table), ReportFormats.Xlsx, table.Name + ".xlsx")
            : File(ReportFormats.ToCsv(table), "text/csv; charset=utf-8", table.Name + ".csv");
    }
}
