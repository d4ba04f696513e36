using Assessment.Abstractions.Cycles;
using Assessment.Domain.Cycles;
using Assessment.Host.Api;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Province;

/// <summary>
/// A cycle's actions for the province (/cycles/{cycle}): its phase and counts, and freeze, reopen, compute, start or
/// withdraw the public notice (公示), publish — each offered when the phase allows it, each refusal shown as the grain says it.
/// </summary>
public sealed class CycleModel(IGrainFactory grains, RegionStore regions, TimeProvider time) : ProvincePage(grains, regions)
{
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Shown();

    public Task<IActionResult> OnPostFreezeAsync(CancellationToken ct) =>
        ActAsync(c => c.FreezeAsync(Actor.Username), Text.T("已冻结填报。", "Data entry is frozen."), ct);

    public Task<IActionResult> OnPostReopenAsync(CancellationToken ct) =>
        ActAsync(c => c.ReopenAsync(Actor.Username), Text.T("已重新开放填报。", "Data entry is open again."), ct);

    public Task<IActionResult> OnPostComputeAsync(CancellationToken ct) =>
        ActAsync(_ => CyclesApi.StartComputeAsync(Grains, RegionStore, Cycle, Actor, ct), Text.T("已开始计算，完成后阶段变为“待审定”。", "Computing has started; the phase becomes Computed when it is done."), ct);

    public Task<IActionResult> OnPostNoticeAsync(CancellationToken ct) =>
        ActAsync(c => c.StartNoticeAsync(Actor.Username), Text.T("公示已开始。", "The public notice has started."), ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        ActAsync(c => c.WithdrawNoticeAsync(Actor.Username), Text.T("公示已撤回，可以修改审定意见。", "The notice is withdrawn; decisions may change again."), ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        ActAsync(c => c.PublishAsync(Actor.Username), Text.T("已开始发布，完成后阶段变为“已发布”。", "Publishing has started; the phase becomes Published when it is done."), ct);

    private async Task<IActionResult> ActAsync(Func<ICycleGrain, Task<CycleView>> action, string done, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied) return denied;
        if (await TryAsync(async () => await action(await CyclesApi.CycleInScopeAsync(Grains, Cycle, Actor)))) Done = done;
        await LoadAsync(ct);
        return Shown();
    }

    private PageResult Shown()
    {
        Now = time.GetUtcNow();
        return Page();
    }

    public bool Can(string action) => (action, View.Phase, View.Work) switch
    {
        (_, _, not CycleWork.None) => false,
        ("freeze", CyclePhase.Open, _) => true,
        ("reopen", CyclePhase.Frozen or CyclePhase.Computed, _) => true,
        ("compute", CyclePhase.Frozen or CyclePhase.Computed, _) => true,
        ("notice", CyclePhase.Computed, _) => View.NoticeDays > 0,
        ("withdraw", CyclePhase.Notice, _) => true,
        ("publish", CyclePhase.Computed or CyclePhase.Notice, _) => true,
        _ => false,
    };
}
