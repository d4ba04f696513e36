using Assessment.Abstractions.Competitions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Competitions;

/// <summary>
/// <c>/competitions/{id}/screen</c>: the hall's big screen (1920×1080). The board as it is now, then screen.js
/// follows <c>/competitions/{id}/screen/events</c> (EventSource reconnects with Last-Event-ID by itself).
/// </summary>
public sealed class ScreenModel(IGrainFactory grains) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";
    public CompetitionView Competition { get; private set; } = null!;
    public CompetitionBoard Board { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CompetitionPages.FindAsync(grains, Id) is not { } c) return NotFound();
        if (!HttpContext.Actor().Reads(c)) return Forbid();
        Competition = c;
        Board = await CompetitionsApi.Grain(grains, Id).GetBoardAsync();
        return Page();
    }

    /// <summary>Who is on stage: the first contestant in running order that no judge has scored yet.</summary>
    public static ContestantView? OnStage(CompetitionView c, CompetitionBoard board)
    {
        var judged = board.Contestants.Where(r => r.Judges > 0).Select(r => r.Village).ToHashSet();
        return c.RunningOrder().FirstOrDefault(x => !judged.Contains(x.Village));
    }
}
