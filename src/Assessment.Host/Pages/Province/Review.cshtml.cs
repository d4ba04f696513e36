using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Review;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Dir = Assessment.Domain.Review.Direction;

namespace Assessment.Host.Pages.Province;

/// <summary>
/// The review queue (审定, /cycles/{cycle}/review): the cycle's movements filtered on the server (region, direction,
/// score band, decided or not), a page at a time by cursor; a decision per row, bulk approval of the filtered set,
/// and the what-if panel (the simulate call: how many would move under other thresholds; it changes nothing).
/// </summary>
public sealed class ReviewModel(IGrainFactory grains, RegionStore regions, FanOut fanOut) : ProvincePage(grains, regions)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true, Name = "direction")] public string? Way { get; set; }
    [BindProperty(SupportsGet = true)] public string? Min { get; set; }
    [BindProperty(SupportsGet = true)] public string? Max { get; set; }
    [BindProperty(SupportsGet = true)] public string? Decided { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<(MovementView Movement, string Name)> Rows { get; private set; } = [];
    public string? Next { get; private set; }
    public SimulationTally? Simulation { get; private set; }
    public Thresholds Tried { get; private set; } = Thresholds.Default;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        Tried = View.Thresholds;
        await ListAsync(ct);
        return Page();
    }

    /// <summary>One village: approve, reject, or override with a tier and a reason.</summary>
    public async Task<IActionResult> OnPostDecideAsync(string? village, string? decision, string? tier, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        Tried = View.Thresholds;
        var errors = new List<ValidationError>();
        if (!Words.TryParse<Decision>(decision, out var d)) errors.Add(new($"'{decision}' is not a decision", Field: "decision"));
        Tier? t = null;
        if (!string.IsNullOrEmpty(tier)) { if (Tiers.TryParse(tier, out var parsed)) t = parsed; else errors.Add(new($"'{tier}' is not a tier", Field: "tier")); }
        if (!DivisionCode.TryParse(village, out var code, out var why) || code.Value.Level != RegionLevel.Village) errors.Add(new(why ?? $"{village} is not a village", Field: "village"));
        if (errors.Count > 0) Refuse(Refused.Invalid(Text.T("未能审定。", "The decision was not taken."), errors));
        else if (await TryAsync(() => CyclesApi.DecideOneAsync(Grains, Cycle, Actor, new DecisionOrder(village!, d, t, reason, Actor.Username))))
            Done = Text.T($"{village}：已{DecisionName(d)}。", $"{village}: {DecisionName(d).ToLowerInvariant()}.");
        await LoadAsync(ct);
        await ListAsync(ct);
        return Page();
    }

    /// <summary>Approves every undecided movement in the filtered set (region, direction and score band; all pages, not only this one).</summary>
    public async Task<IActionResult> OnPostBulkAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        Tried = View.Thresholds;
        if (Filter(out var region, out var filter) is { } invalid) Refuse(invalid);
        else
        {
            BulkOutcome? outcome = null;
            if (await TryAsync(async () => outcome = await CyclesApi.DecideInBulkAsync(Grains, Cycle, Actor, Decision.Approve, region, filter)))
                Done = Text.T($"已批量通过 {outcome!.Decided:N0} 个变动。", $"{outcome!.Decided:N0} movements approved.");
        }
        After = null;
        await LoadAsync(ct);
        await ListAsync(ct);
        return Page();
    }

    /// <summary>The what-if panel: the simulate call on four thresholds; nothing changes.</summary>
    public async Task<IActionResult> OnPostSimulateAsync(decimal enterDemonstration, decimal stayDemonstration, decimal enterExcellence, decimal stayExcellence, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        Tried = new Thresholds(enterDemonstration, stayDemonstration, enterExcellence, stayExcellence);
        if (!ModelState.IsValid) Refuse(Refused.Invalid(Text.T("阈值须是 0–100 的数字。", "Thresholds are numbers from 0 to 100."),
            [.. ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => new ValidationError("not a number", Field: e.Key))]));
        else await TryAsync(async () => Simulation = await CyclesApi.SimulateAllAsync(Grains, fanOut, Cycle, Actor, Tried));
        await ListAsync(ct);
        return Page();
    }

    private async Task ListAsync(CancellationToken ct)
    {
        if (View.Phase is not (CyclePhase.Computed or CyclePhase.Notice or CyclePhase.Published)) return;
        if (Filter(out var region, out var filter) is { } invalid) { if (Refusal is null) Refuse(invalid); return; }
        string? after = null;
        if (After is not null)
        {
            if (!Paging.TryRead(PageSize, After, out _, out after, out _) || after is null || !DivisionCode.IsValid(after)) { Refuse(Paging.NotACursor()); return; }
        }
        var scope = region ?? DivisionCode.Parse(View.Province);
        var (items, next) = await CyclesApi.MovementPageAsync(Grains, View, scope, filter with
        {
            RegionPrefix = scope.Level > RegionLevel.County ? scope.Prefix : null,
            Decided = Decided switch { "yes" => true, "no" => false, _ => null },
        }, after, PageSize);
        Next = Paging.Cursor(next);
        var rows = new List<(MovementView, string)>(items.Count);
        foreach (var county in items.GroupBy(m => m.Village[..6]))
        {
            var villages = Grains.GetGrain<ICountyGrain>(county.Key + "000000");
            foreach (var m in county) rows.Add((m, (await villages.GetVillageAsync(m.Village))?.Name ?? ""));
        }
        Rows = rows;
    }

    /// <summary>The filters as the grains take them; a refusal naming the field when one is not understood.</summary>
    private Refused? Filter(out DivisionCode? region, out MovementFilter filter)
    {
        region = null;
        filter = MovementFilter.All;
        var errors = new List<ValidationError>();
        if (!string.IsNullOrEmpty(Region))
        {
            if (DivisionCode.TryParse(Region, out var r, out var why) && DivisionCode.Parse(View.Province).Contains(r.Value)) region = r;
            else errors.Add(new(why ?? $"{Region} is not in province {View.Province}", Field: "region"));
        }
        Dir? direction = null;
        if (!string.IsNullOrEmpty(Way))
        {
            if (Words.TryParse<Dir>(Way, out var d)) direction = d;
            else errors.Add(new($"'{Way}' is not a direction; use {Words.Choices<Dir>()}", Field: "direction"));
        }
        var min = Score(Min, "min", errors);
        var max = Score(Max, "max", errors);
        if (min > max) errors.Add(new(Text.T("最低分不能高于最高分", "the lowest score cannot be above the highest"), Field: "min"));
        if (errors.Count > 0) return Refused.Invalid(Text.T("筛选条件有误。", "The filter is not understood."), errors);
        filter = new MovementFilter(null, direction, null, min, max);
        return null;
    }

    private static decimal? Score(string? text, string field, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 100) return v;
        errors.Add(new($"'{text}' {Text.T("不是 0–100 的分数", "is not a score from 0 to 100")}", Field: field));
        return null;
    }

    public static string DecisionName(Decision d) => d switch
    {
        Decision.Approve => Text.T("通过", "Approved"),
        Decision.Reject => Text.T("不通过", "Rejected"),
        _ => Text.T("调整", "Overridden"),
    };

    public static string DirectionName(Dir d) => d switch
    {
        Dir.Up => Text.T("晋级", "Up"),
        Dir.Down => Text.T("降级", "Down"),
        _ => Text.T("首次定级", "Initial"),
    };

    /// <summary>The current filters as query values (links to the next page, forms that keep them).</summary>
    public Dictionary<string, string?> FilterValues() => new()
    {
        ["region"] = Region, ["direction"] = Way, ["min"] = Min, ["max"] = Max, ["decided"] = Decided,
    };
}
