using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.County;

public sealed record VillageRow(string Code, string Name, string Township, Tier? Tier, int Entered);

/// <summary>
/// 村庄列表: one county's villages at a time (a county officer's own; a city or province officer picks a county
/// of their region), filtered by code or name and paged by code on the server. A county is ~500 villages read
/// from the region tree (kept 30 s) and its grains, so the page costs the same in a province of 70,000.
/// </summary>
public sealed class VillagesModel(IGrainFactory grains, RegionStore regions, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Cycle { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public CycleView? CycleView { get; private set; }
    public IReadOnlyList<RegionEntry>? Counties { get; private set; }
    public RegionEntry? Chosen { get; private set; }
    public IReadOnlyList<VillageRow> Rows { get; private set; } = [];
    public int Matching { get; private set; }
    public int Expected { get; private set; }
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        CycleView = await CountyPages.CycleAsync(grains, time, Cycle);
        Q = Q?.Trim();
        // A whole village code goes straight to its page (the scope is checked there).
        if (Q is { Length: 12 } && DivisionCode.TryParse(Q, out var exact, out _) && exact.Value.Level == RegionLevel.Village)
            return Redirect($"/villages/{exact.Value}{(CycleView is null ? "" : $"?cycle={CycleView.Id}")}");

        DivisionCode? county = null;
        if (actor.Role == Role.County) county = actor.Region;
        else
        {
            Counties = await CountiesAsync(actor, ct);
            if (!string.IsNullOrEmpty(County))
            {
                if (!DivisionCode.TryParse(County, out var c, out _) || c.Value.Level != RegionLevel.County) return StatusCode(StatusCodes.Status404NotFound);
                if (!actor.Reaches(c.Value)) return StatusCode(StatusCodes.Status403Forbidden);
                county = c;
            }
        }
        if (county is null) return Page();

        // What the page shows comes from independent places: asked at once, so a county opened for the first time
        // (its grains activated, its regions read) costs the slowest of them, not their sum.
        var chosen = regions.GetAsync(county.Value, ct);
        var townshipsOf = regions.DescendantsAsync(county.Value, RegionLevel.Township, ct);
        var villagesOf = regions.DescendantsAsync(county.Value, RegionLevel.Village, ct);
        // Tiers: each village's after the last published cycle ("9999" comes after every cycle id, which are years).
        var standingsOf = grains.GetGrain<ICountyGrain>(county.Value.Value).GetStandingsAsync("9999");
        var valuesOf = CycleView is null ? null : grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(CycleView.Id, county.Value.Value)).GetValuesAsync();
        await Task.WhenAll(new Task[] { chosen, townshipsOf, villagesOf, standingsOf, valuesOf ?? Task.CompletedTask });
        Chosen = await chosen;
        if (Chosen is null) return Page();

        string? after = null;
        try { Paging.TryRead(PageSize, After, out _, out after, out _); }
        catch (Refused) { return StatusCode(StatusCodes.Status400BadRequest); }

        var townships = (await townshipsOf).ToDictionary(t => t.Code, t => t.Name);
        var matching = (await villagesOf)
            .Where(v => string.IsNullOrEmpty(Q) || v.Code.StartsWith(Q, StringComparison.Ordinal) || v.Name.Contains(Q, StringComparison.OrdinalIgnoreCase))
            .OrderBy(v => v.Code, StringComparer.Ordinal)
            .ToList();
        Matching = matching.Count;
        var page = matching.Where(v => after is null || string.CompareOrdinal(v.Code, after) > 0).Take(PageSize + 1).ToList();
        if (page.Count > PageSize)
        {
            page.RemoveAt(PageSize);
            Next = Paging.Cursor(page[^1].Code);
        }

        var standings = (await standingsOf).ToDictionary(s => s.Code, s => s.Previous);
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, Domain.Indicators.IndicatorValue>> values =
            valuesOf is null ? new Dictionary<string, IReadOnlyDictionary<string, Domain.Indicators.IndicatorValue>>() : (await valuesOf).Villages;
        if (CycleView is not null) Expected = CycleView.Catalog.Count;
        Rows = page.Select(v => new VillageRow(v.Code, v.Name, v.ParentCode is { } t ? townships.GetValueOrDefault(t, t) : "",
            standings.GetValueOrDefault(v.Code), values.TryGetValue(v.Code, out var own) ? own.Count : 0)).ToList();
        return Page();
    }

    /// <summary>The counties a city or province officer may pick (an administrator: every stored province's).</summary>
    private async Task<IReadOnlyList<RegionEntry>> CountiesAsync(Actor actor, CancellationToken ct)
    {
        if (actor.Region is { } region)
        {
            if (region.Level != RegionLevel.County) return await regions.DescendantsAsync(region, RegionLevel.County, ct);
            return await regions.GetAsync(region, ct) is { } self ? [self] : [];
        }
        var all = new List<RegionEntry>();
        foreach (var province in await regions.ProvincesAsync(ct))
            all.AddRange(await regions.DescendantsAsync(DivisionCode.Parse(province.Code), RegionLevel.County, ct));
        return all;
    }

    public string Link(string? after) =>
        $"/villages?{(CycleView is null ? "" : $"cycle={CycleView.Id}&")}{(Chosen is null || HttpContext.Actor().Role == Role.County ? "" : $"county={Chosen.Code}&")}q={Uri.EscapeDataString(Q ?? "")}{(after is null ? "" : $"&after={after}")}";
}
