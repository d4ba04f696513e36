using Assessment.Abstractions.Notice;
using Assessment.Domain;
using Assessment.Domain.Notice;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Assessment.Host.Pages.Province;

/// <summary>The cycle's objections (异议, /cycles/{cycle}/objections): open or resolved, a page at a time; an open one is resolved here.</summary>
public sealed class ObjectionsModel(IGrainFactory grains, RegionStore regions) : ProvincePage(grains, regions)
{
    public const int PageSize = 50;
    [BindProperty(SupportsGet = true)] public string? Status { get; set; } = "open";
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    public IReadOnlyList<ObjectionView> Items { get; private set; } = [];
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        await ListAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(string? id, string? outcome, string? reason, string? tier, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        if (await TryAsync(() => NoticeApi.ResolveObjectionAsync(Grains, id ?? "", Actor, new ResolutionInput(outcome, reason, string.IsNullOrEmpty(tier) ? null : tier))))
            Done = Text.T($"异议 {id} 已处理。", $"Objection {id} is resolved.");
        await LoadAsync(ct);
        await ListAsync();
        return Page();
    }

    private async Task ListAsync()
    {
        if (View.Province == "") return;
        ObjectionStatus? wanted = Words.TryParse<ObjectionStatus>(Status, out var s) ? s : null;
        string? after = null;
        if (After is not null && (!Paging.TryRead(PageSize, After, out _, out after, out _) || !ICountyObjectionsGrain.TryParseId(after, out _, out _, out _)))
        {
            Refuse(Paging.NotACursor());
            return;
        }
        var (items, next) = await NoticeApi.ObjectionPageAsync(Grains, View, Actor.Region ?? DivisionCode.Parse(View.Province), wanted, after, PageSize);
        Items = items;
        Next = Paging.Cursor(next);
    }
}
