using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Access;
using Assessment.Domain.Indicators;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.County;

/// <summary>
/// 指标填报: one input per indicator of the cycle's catalog, with its unit and valid range as HTML constraints (the
/// browser checks them before sending); the server checks again through the village grain, the API's path, and
/// a refusal is shown at each field it names.
/// </summary>
public sealed class IndicatorsModel(IGrainFactory grains) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Cycle { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    public VillageView Village { get; private set; } = null!;
    public CycleView CycleView { get; private set; } = null!;
    /// <summary>What each input shows: what was sent (after a refusal) or the current value.</summary>
    public Dictionary<string, string> Shown { get; } = [];
    public string? Note { get; private set; }
    public Refused? Refusal { get; private set; }
    public int? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(fill: true) ?? Page();

    public async Task<IActionResult> OnPostAsync(string? note)
    {
        if (await LoadAsync(fill: false) is { } failed) return failed;
        Note = note;
        var values = new Dictionary<string, EnteredValue>();
        foreach (var indicator in CycleView.Catalog)
        {
            var text = Request.Form[$"v.{indicator.Code}"].ToString().Trim();
            Shown[indicator.Code] = text;
            if (text.Length == 0) continue; // left empty: not sent (the server does not invent a value)
            values[indicator.Code] = text switch
            {
                "true" => new EnteredValue(null, true, null),
                "false" => new EnteredValue(null, false, null),
                _ when decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) => new EnteredValue(n, null, null),
                _ => new EnteredValue(null, null, text),
            };
        }
        try
        {
            var write = await grains.GetGrain<IVillageGrain>(Code).EnterAsync(Cycle, values, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), HttpContext.Actor().Username);
            Saved = write.Rows;
            Note = null;
        }
        catch (Refused refused)
        {
            Refusal = refused;
            Response.StatusCode = CountyPages.Status(refused);
        }
        return Page();
    }

    /// <summary>The server's words for one field ("values.{code}"), or null.</summary>
    public string? ErrorOf(string code) => Refusal?.Errors.FirstOrDefault(e => e.Field == $"values.{code}")?.Message;

    private async Task<IActionResult?> LoadAsync(bool fill)
    {
        if (CountyPages.VillageScope(HttpContext, Code) is { } status) return StatusCode(status);
        if (!HttpContext.Is(Role.County, Role.Admin)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!CountyPages.IsCycleId(Cycle) || await grains.GetGrain<ICycleGrain>(Cycle).GetAsync() is not { } cycle) return StatusCode(StatusCodes.Status404NotFound);
        var grain = grains.GetGrain<IVillageGrain>(Code);
        if (await grain.GetAsync() is not { } village) return StatusCode(StatusCodes.Status404NotFound);
        (Village, CycleView) = (village, cycle);
        if (fill)
            foreach (var (code, value) in await grain.GetValuesAsync(Cycle)) Shown[code] = value.ToString();
        return null;
    }

    /// <summary>The HTML step of a number input: 1 for whole numbers, else any.</summary>
    public static string Step(Indicator i) => i.Whole ? "1" : "any";

    public static string Range(Indicator i) => (i.Min, i.Max) switch
    {
        ({ } lo, { } hi) => Text.T($"{lo}–{hi}", $"{lo} to {hi}"),
        ({ } lo, null) => Text.T($"≥ {lo}", $"{lo} or more"),
        (null, { } hi) => Text.T($"≤ {hi}", $"{hi} or less"),
        _ => "",
    };
}
