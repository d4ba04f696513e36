using Assessment.Abstractions.Problems;
using Assessment.Domain;
using Assessment.Domain.Problems;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.County;

/// <summary>问题整顿: the problems of my county, open ones first by deadline, overdue flagged (Asia/Shanghai days, as the grain decides).</summary>
public sealed class ProblemsModel(IGrainFactory grains) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }

    public IReadOnlyList<ProblemView> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (HttpContext.Actor().Region is not { Level: RegionLevel.County } county) return StatusCode(StatusCodes.Status403Forbidden);
        ProblemStatus? wanted = ProblemStatuses.TryParse(Status, out var s) ? s : null;
        var list = await grains.GetGrain<ICountyProblemsGrain>(county.Value).ListAsync(county.Prefix, wanted, Overdue ? true : null);
        Items = list.OrderBy(p => p.Status == ProblemStatus.Verified).ThenBy(p => p.Deadline).ThenBy(p => p.Id, ProblemIds.Comparer).ToList();
        return Page();
    }
}
