using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Problems;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Cycles;
using Assessment.Domain.Regions;
using Assessment.Domain.Indicators;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.County;

/// <summary>
/// 村庄详情: a village's profile, tier history, this cycle's values and breakdown, its ledger (台账) by pages,
/// and its problems (问题整顿) with their steps and evidence files. The problem forms post here; every write goes
/// to the same grain the API's handler calls, and a refusal is shown with the status the API would answer.
/// </summary>
public sealed class VillageModel(IGrainFactory grains, RegionStore regions, EvidenceStore evidence, TimeProvider time) : PageModel
{
    public const int LedgerPageSize = 20;

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Cycle { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public VillageView Village { get; private set; } = null!;
    public string Township { get; private set; } = "";
    public CycleView? CycleView { get; private set; }
    public IReadOnlyDictionary<string, IndicatorValue> Values { get; private set; } = new Dictionary<string, IndicatorValue>();
    public ReviewedAssessment? Assessment { get; private set; }
    public LedgerPage Ledger { get; private set; } = new([], false);
    public int LedgerSkip { get; private set; }
    public IReadOnlyList<ProblemView> Problems { get; private set; } = [];
    public Refused? Refusal { get; private set; }
    public string? Done { get; private set; }
    public bool MayWrite { get; private set; }
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    /// <summary>Records a problem (api.md: category, description, severity, source, responsible, deadline).</summary>
    public async Task<IActionResult> OnPostProblemAsync(string? category, string? description, string? severity, string? source, string? responsible, string? deadline, CancellationToken ct)
    {
        if (await GuardAsync() is { } denied) return denied;
        try
        {
            var p = await CountyProblems(Code).RecordAsync(Code, new ProblemFields(category, description, severity, source, responsible, deadline), HttpContext.Actor().Username);
            return Redirect($"/villages/{Code}?done=recorded&problem={p.Id}#problem-{p.Id}");
        }
        catch (Refused refused) { return await RefusedAsync(refused, ct); }
    }

    /// <summary>A step of a problem's loop: rectify (with its evidence text), verify (note), reopen (reason).</summary>
    public async Task<IActionResult> OnPostStepAsync(string? id, string? step, string? text, CancellationToken ct)
    {
        if (await GuardAsync() is { } denied) return denied;
        if (!ProblemIds.IsValid(id) || ProblemIds.VillageOf(id!) != Code) return StatusCode(StatusCodes.Status404NotFound);
        var move = step switch { "rectify" => ProblemStep.Rectify, "verify" => ProblemStep.Verify, "reopen" => ProblemStep.Reopen, _ => (ProblemStep?)null };
        if (move is null) return StatusCode(StatusCodes.Status400BadRequest);
        try
        {
            await CountyProblems(Code).MoveAsync(id!, move.Value, text, HttpContext.Actor().Username);
            return Redirect($"/villages/{Code}?done={step}&problem={id}#problem-{id}");
        }
        catch (Refused refused) { return await RefusedAsync(refused, ct); }
    }

    /// <summary>A photo or scan of evidence, checked and stored as the API's attachment upload does.</summary>
    public async Task<IActionResult> OnPostAttachAsync(string? id, IFormFile? file, CancellationToken ct)
    {
        if (await GuardAsync() is { } denied) return denied;
        if (!ProblemIds.IsValid(id) || ProblemIds.VillageOf(id!) != Code) return StatusCode(StatusCodes.Status404NotFound);
        if (file is null || file.Length == 0)
            return await RefusedAsync(Refused.Invalid(Text.T("没有选择文件。", "No file was chosen."), [new(Text.T("请选择照片或扫描件", "choose a photo or a scan"), Field: "file")]), ct);
        try
        {
            await using var stream = file.OpenReadStream();
            await ProblemsApi.AttachFileAsync(grains, evidence, id!, Path.GetFileName(file.FileName), file.ContentType, stream, file.Length, HttpContext.Actor().Username, ct);
            return Redirect($"/villages/{Code}?done=attached&problem={id}#problem-{id}");
        }
        catch (Refused refused) { return await RefusedAsync(refused, ct); }
        catch (UnsupportedMediaTypeException e)
        {
            await ShowAsync(ct);
            Refusal = Refused.Invalid(Text.T("文件未上传：只接受 JPEG、PNG 照片或 PDF 扫描件。", e.Message), [new(e.Message, Field: "file")]);
            Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Page();
        }
        catch (BodyTooLargeException)
        {
            await ShowAsync(ct);
            Refusal = Refused.Invalid(Text.T("文件未上传：超过 10 MiB。", "The file was not attached: it is over 10 MiB."), [new("over 10 MiB", Field: "file")]);
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }
    }

    private async Task<IActionResult?> GuardAsync()
    {
        if (CountyPages.VillageScope(HttpContext, Code) is { } status) return StatusCode(status);
        if (!HttpContext.Is(Role.County, Role.Admin)) return StatusCode(StatusCodes.Status403Forbidden);
        return await Task.FromResult<IActionResult?>(null);
    }

    private async Task<IActionResult> RefusedAsync(Refused refused, CancellationToken ct)
    {
        var shown = await ShowAsync(ct);
        if (shown is not PageResult) return shown;
        Refusal = refused;
        Response.StatusCode = CountyPages.Status(refused);
        return Page();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (CountyPages.VillageScope(HttpContext, Code) is { } status) return StatusCode(status);
        var grain = grains.GetGrain<IVillageGrain>(Code);
        if (await grain.GetAsync() is not { } village) return StatusCode(StatusCodes.Status404NotFound);
        Village = village;
        MayWrite = HttpContext.Is(Role.County, Role.Admin);
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Shanghai).DateTime).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var code = DivisionCode.Parse(Code);
        if (code.Parent is { } parent && await regions.GetAsync(parent, ct) is { } township) Township = township.Name;

        CycleView = await CountyPages.CycleAsync(grains, time, Cycle);
        if (CycleView is not null)
        {
            Values = await grain.GetValuesAsync(CycleView.Id);
            if (CycleView.Phase is CyclePhase.Computed or CyclePhase.Notice or CyclePhase.Published)
                Assessment = await grain.GetAssessmentAsync(CycleView.Id);
        }
        if (After is not null)
        {
            try
            {
                Paging.TryRead(LedgerPageSize, After, out _, out var skip, out _);
                LedgerSkip = int.Parse(skip!, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is Refused or FormatException) { return StatusCode(StatusCodes.Status400BadRequest); }
        }
        Ledger = await grain.GetLedgerAsync(null, LedgerSkip, LedgerPageSize);
        Problems = await CountyProblems(Code).ListAsync(Code, null, null);
        Done = Request.Query["done"].ToString() switch
        {
            "recorded" => Text.T("问题已登记。", "The problem was recorded."),
            "rectify" => Text.T("已标记为已整改。", "Marked as rectified."),
            "verify" => Text.T("已验收。", "Verified."),
            "reopen" => Text.T("已退回重新整改。", "Reopened."),
            "attached" => Text.T("文件已上传。", "The file was attached."),
            _ => null,
        };
        return Page();
    }

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private ICountyProblemsGrain CountyProblems(string village) => grains.GetGrain<ICountyProblemsGrain>(ICountyProblemsGrain.CountyOf(village));

    public string LedgerLink(int skip) =>
        $"/villages/{Code}?{(CycleView is null ? "" : $"cycle={CycleView.Id}&")}{(skip == 0 ? "" : $"after={Paging.Cursor(skip.ToString(CultureInfo.InvariantCulture))}")}#ledger";

    public Indicator? Find(string code) => CycleView?.Catalog.FirstOrDefault(i => i.Code == code);
}
