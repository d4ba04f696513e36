using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Domain;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Assessment.Host.Pages.Public;

/// <summary>
/// A cycle's public board (/notice/{cycle}?region=), open to anyone and made for a phone: the villages on notice in
/// the region, a page at a time — only what the public API shows (<see cref="NoticeApi.BoardPageAsync"/>) — and the
/// objection form. Lodging goes through the API's limiter (<see cref="NoticeApi.ObjectionsPolicy"/>: 5 an hour per
/// address, counted together with the API's), then the same path as the API.
/// </summary>
[AllowAnonymous, EnableRateLimiting(NoticeApi.ObjectionsPolicy)]
public sealed class BoardModel(IGrainFactory grains, RegionStore regions, TimeProvider time) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)] public string Cycle { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty] public string? Village { get; set; }
    [BindProperty] public string? Objection { get; set; }
    [BindProperty] public string? Contact { get; set; }

    public CycleView? View { get; private set; }
    public IReadOnlyList<NoticeItem> Items { get; private set; } = [];
    public string? Next { get; private set; }
    public IReadOnlyList<RegionEntry> Regions { get; private set; } = [];
    public Refused? Refusal { get; private set; }
    public string? Lodged { get; private set; }
    public bool LodgedBefore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        try
        {
            var lodged = await NoticeApi.LodgeObjectionAsync(grains, time, Cycle, new ObjectionBody(Village, Objection, Contact));
            (Lodged, LodgedBefore) = (lodged.Id, !lodged.Created);
            (Objection, Contact) = (null, null);
        }
        catch (Refused refused)
        {
            Refusal = refused;
            Response.StatusCode = Problems.From(refused).StatusCode;
        }
        await ShowAsync(ct);
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        View = Cycle.Length == 4 && Cycle.All(char.IsAsciiDigit) ? await grains.GetGrain<ICycleGrain>(Cycle).GetAsync() : null;
        try
        {
            DivisionCode? region = null;
            if (!string.IsNullOrEmpty(Region))
            {
                if (!DivisionCode.TryParse(Region, out var r, out var why)) throw Refused.Invalid(why!, [new(why!, Field: "region")]);
                region = r;
            }
            string? after = null;
            if (After is not null && (!Paging.TryRead(PageSize, After, out _, out after, out _) || !(DivisionCode.TryParse(after, out var a, out _) && a.Value.Level == RegionLevel.Village)))
                throw Paging.NotACursor();
            var (items, next) = await NoticeApi.BoardPageAsync(grains, regions, Cycle, region, after, PageSize, ct);
            (Items, Next) = (items, Paging.Cursor(next));
            var province = DivisionCode.Parse(View!.Province);
            Regions = [.. (await regions.DescendantsAsync(province, RegionLevel.City, ct)).Concat(await regions.DescendantsAsync(province, RegionLevel.County, ct))
                .OrderBy(r => r.Code, StringComparer.Ordinal)];
        }
        catch (Refused refused) when (Refusal is null)
        {
            Refusal = refused;
            Response.StatusCode = Problems.From(refused).StatusCode;
        }
    }
}
