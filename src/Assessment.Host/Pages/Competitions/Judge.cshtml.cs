using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Competitions;

/// <summary><c>/competitions/{id}/judge</c>: the contestants in running order by session, what I have scored, and those I may not score (回避).</summary>
public sealed class JudgeModel(IGrainFactory grains) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";
    public CompetitionView Competition { get; private set; } = null!;
    public IReadOnlyDictionary<string, SheetRecord> Mine { get; private set; } = new Dictionary<string, SheetRecord>();
    public string Judge { get; private set; } = "";
    public int Scorable { get; private set; }
    public Refused? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CompetitionPages.FindAsync(grains, Id) is not { } c) return NotFound();
        Competition = c;
        var actor = HttpContext.Actor();
        Judge = actor.Username;
        if (!actor.Judges(c))
        {
            Response.StatusCode = 403;
            Refused = Refused.Forbidden(Text.T($"{actor.Username} 不是本场比赛的评委。", $"{actor.Username} is not a judge of competition {c.Id}."));
            return Page();
        }
        var sheets = await CompetitionsApi.Grain(grains, Id).GetScoresAsync(actor.Username, CompetitionsApi.CallerOf(HttpContext));
        Mine = sheets.GroupBy(s => s.Village).ToDictionary(g => g.Key, g => g.Last());
        Scorable = c.Contestants.Count(x => c.Conflict(Judge, x.Village) is null);
        return Page();
    }
}
