using Assessment.Abstractions.Cycles;
using Assessment.Domain.Cycles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Public;

/// <summary>The public notice (公示, /notice), open to anyone: which cycles are on notice now, each linking to its board.</summary>
[AllowAnonymous]
public sealed class NoticeModel(IGrainFactory grains, TimeProvider time) : PageModel
{
    public IReadOnlyList<CycleView> OnNotice { get; private set; } = [];

    public async Task OnGetAsync() =>
        OnNotice = [.. (await RecentCycles.ListAsync(grains, time)).Where(c => c.Phase == CyclePhase.Notice)];
}
