using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Domain;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Competitions;

/// <summary>
/// <c>/competitions/{id}/judge/{village}</c>: my sheet for one contestant. The form posts normally (no script
/// needed); judge.js keeps it on the tablet and sends it to <c>PUT /competitions/{id}/sheets/{village}</c> until
/// the server answers. A contestant of my own county is refused here (403), as the grain refuses its score.
/// </summary>
public sealed class SheetModel(IGrainFactory grains) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";
    [FromRoute] public string Village { get; set; } = "";
    public CompetitionView Competition { get; private set; } = null!;
    public ContestantView? Contestant { get; private set; }
    public SheetRecord? Stored { get; private set; }
    public bool Saved { get; private set; }
    public Refused? Refused { get; private set; }
    /// <summary>Refused before any sheet can be offered (not a judge, conflict of interest, no such contestant).</summary>
    public bool NoSheet { get; private set; }
    public Dictionary<string, string> Values { get; } = [];

    public async Task<IActionResult> OnGetAsync(bool saved)
    {
        if (await LoadAsync() is { } early) return early;
        Saved = saved && Stored is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } early) return early;
        if (NoSheet) return Page();
        var pairs = new List<KeyValuePair<string, decimal>>();
        var errors = new List<ValidationError>();
        foreach (var criterion in Competition.Criteria)
        {
            var text = Request.Form["criteria." + criterion.Code].ToString().Trim().Replace(',', '.');
            Values[criterion.Code] = text;
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var points)) pairs.Add(new(criterion.Code, points));
            else errors.Add(new(Text.T($"“{text}” 不是分数", $"'{text}' is not a number of points"), Field: "criteria." + criterion.Code, Column: criterion.NameZh));
        }
        try
        {
            if (errors.Count > 0) throw Refused.Invalid(Text.T("未保存：请填写每一项的分数。", "Not saved: give every criterion its points."), errors);
            await CompetitionsApi.Grain(grains, Id).ScoreAsync(Village, pairs, CompetitionsApi.CallerOf(HttpContext));
            return Redirect($"/competitions/{Id}/judge/{Village}?saved=true");
        }
        catch (Refused r)
        {
            Refused = r;
            Response.StatusCode = CompetitionPages.Status(r);
            return Page();
        }
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (await CompetitionPages.FindAsync(grains, Id) is not { } c) return NotFound();
        Competition = c;
        var actor = HttpContext.Actor();
        Contestant = c.Contestants.FirstOrDefault(x => x.Village == Village);
        if (!actor.Judges(c))
            return Refuse(Refused.Forbidden(Text.T($"{actor.Username} 不是本场比赛的评委。", $"{actor.Username} is not a judge of competition {c.Id}.")));
        if (Contestant is null) return NotFound();
        if (c.Conflict(actor.Username, Village) is { } conflict)
            return Refuse(Refused.Forbidden(Text.T($"回避：{Contestant.Name}是您所在县的选手，您不能为其评分。", conflict)));
        var mine = await CompetitionsApi.Grain(grains, Id).GetScoresAsync(actor.Username, CompetitionsApi.CallerOf(HttpContext));
        Stored = mine.LastOrDefault(s => s.Village == Village);
        foreach (var criterion in c.Criteria)
            Values[criterion.Code] = Stored?.Criteria.TryGetValue(criterion.Code, out var v) == true ? CompetitionPages.Points(v) : "";
        return null;
    }

    private PageResult Refuse(Refused r)
    {
        Refused = r;
        NoSheet = true;
        Response.StatusCode = CompetitionPages.Status(r);
        return Page();
    }
}
