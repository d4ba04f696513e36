using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Domain.Access;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Competitions;

/// <summary>
/// <c>/competitions</c>: the competitions I judge (with my progress) or organize, and for a city or county
/// officer the form that creates one (name, cycle, region, judges by user name; the default four criteria).
/// </summary>
public sealed class IndexModel(IGrainFactory grains, CompetitionStore store) : PageModel
{
    public sealed record Row(StoredCompetition Competition, int? Scored, int? Scorable);

    public Actor Actor { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Refused? Refused { get; private set; }
    public bool MayOrganize => Actor.Role is Role.City or Role.County or Role.Admin;

    [BindProperty] public string? NewId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Cycle { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? JudgeNames { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actor = HttpContext.Actor();
        Region ??= Actor.Region?.Value;
        Rows = await RowsAsync(grains, store, Actor, ct);
    }

    /// <summary>The rows of the list (and the home card): a judge's progress is its own sheets over the contestants it may score.</summary>
    public static async Task<IReadOnlyList<Row>> RowsAsync(IGrainFactory grains, CompetitionStore store, Actor actor, CancellationToken ct)
    {
        var visible = await CompetitionPages.VisibleAsync(store, actor, ct);
        if (actor.Role != Role.Judge) return [.. visible.Select(c => new Row(c, null, null))];
        return await Task.WhenAll(visible.Select(async c =>
        {
            var caller = new Caller(actor.Username, actor.Role, actor.Region?.Value);
            var mine = await grains.GetGrain<ICompetitionGrain>(c.Id).GetScoresAsync(actor.Username, caller);
            var view = (await grains.GetGrain<ICompetitionGrain>(c.Id).GetAsync())!;
            var scorable = view.Contestants.Count(x => view.Conflict(actor.Username, x.Village) is null);
            return new Row(c, mine.Select(s => s.Village).Distinct().Count(), scorable);
        }));
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        Actor = HttpContext.Actor();
        var judges = (JudgeNames ?? "").Split([',', '，', ' ', '\n', '\r', ';', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var id = NewId?.Trim() ?? "";
        try
        {
            if (!MayOrganize) throw Refused.Forbidden(Text.T("只有市、县组织部门可以组织擂台比武。", "Only a city or county officer organizes a competition."));
            if (id.Length == 0 || id.Contains('/') || !System.Text.RegularExpressions.Regex.IsMatch(id, "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"))
                throw Refused.Invalid(Text.T("未创建比赛。", "The competition was not created."),
                    [new(Text.T("编号为 1 至 64 个字母、数字、'_' 或 '-'，以字母或数字开头", "1 to 64 of A–Z a–z 0–9 '_' '-', starting with a letter or digit"), Field: "id")]);
            await grains.GetGrain<ICompetitionGrain>(id).CreateAsync(
                new NewCompetition(Name ?? "", Cycle?.Trim() ?? "", Region?.Trim() ?? "", judges, null, null), CompetitionsApi.CallerOf(HttpContext));
            return Redirect($"/competitions/{id}/manage");
        }
        catch (Refused r)
        {
            Refused = r;
            Response.StatusCode = CompetitionPages.Status(r);
            Rows = await RowsAsync(grains, store, Actor, ct);
            return Page();
        }
    }
}
