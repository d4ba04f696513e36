using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Domain;
using Assessment.Domain.Regions;
using Assessment.Domain.Targets;
using Assessment.Host.Api;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Assessment.Host.Pages.Province;

/// <summary>
/// The cycle's targets (年度目标, /cycles/{cycle}/targets): a form per region the province sets — itself and its cities —
/// with the four targets of api.md; the same rules as PUT /api/cycles/{id}/targets/{region}.
/// </summary>
public sealed class TargetsModel(IGrainFactory grains, RegionStore regions) : ProvincePage(grains, regions)
{
    public IReadOnlyDictionary<string, Target> Current { get; private set; } = new Dictionary<string, Target>();
    /// <summary>The regions with a form: the province, then its cities.</summary>
    public IReadOnlyList<RegionEntry> Settable { get; private set; } = [];
    public string? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        await ShowAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? region, string? demonstrationShare, string? foundationShareMax, string? movedUpFromFoundation, string? movedUpFromExcellence, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        var errors = new List<ValidationError>();
        var target = new Target(Number(demonstrationShare, "demonstrationShare", errors), Number(foundationShareMax, "foundationShareMax", errors),
            Number(movedUpFromFoundation, "movedUpFromFoundation", errors), Number(movedUpFromExcellence, "movedUpFromExcellence", errors));
        Failed = region;
        if (!DivisionCode.TryParse(region, out var code, out var why)) errors.Add(new(why!, Field: "region"));
        if (errors.Count > 0) Refuse(Refused.Invalid(Text.T("目标未保存。", "The targets were not set."), errors));
        else if (await TryAsync(() => CyclesApi.SetTargetInAsync(Grains, RegionStore, Cycle, Actor, code!.Value, target, ct)))
        {
            Done = Text.T($"{RegionName(code!.Value.Value)} 的目标已保存。", $"The targets of {RegionName(code!.Value.Value)} are set.");
            Failed = null;
        }
        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Current = await Grains.GetGrain<ICycleGrain>(Cycle).GetTargetsAsync();
        if (View.Province == "") return;
        var province = await RegionStore.GetAsync(DivisionCode.Parse(View.Province), ct);
        Settable = [.. (province is null ? [] : new[] { province }).Concat(Regions.Where(r => r.Level == RegionLevel.City))];
    }

    private static decimal? Number(string? text, string field, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) return v;
        errors.Add(new($"'{text}' {Text.T("不是数字", "is not a number")}", Field: field));
        return null;
    }

    public static string Show(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
}
