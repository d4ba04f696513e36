using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Domain.Access;
using Assessment.Domain.Cycles;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages;

/// <summary>
/// The home page: what the signed-in person has to do today, by role — the open cycle and its deadline,
/// the county's completeness, movements awaiting decision and open objections.
/// </summary>
public sealed class IndexModel(IGrainFactory grains, TimeProvider time) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public IReadOnlyList<CycleView> Cycles { get; private set; } = [];
    public CountyCompleteness? Completeness { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Actor = HttpContext.Actor();
        Now = time.GetUtcNow();
        Cycles = await RecentCycles.ListAsync(grains, time);
        if (Actor.Role == Role.County && Actor.Region is { } county && Cycles.FirstOrDefault(c => c.Phase == CyclePhase.Open) is { } open)
            Completeness = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(open.Id, county.Value)).GetCompletenessAsync();
    }
}
