using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Competitions;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Assessment.Host.Api;

public sealed record CriterionBody(string? Code, string? NameZh, string? NameEn, decimal Points);
public sealed record CreateCompetitionBody(string? Id, string? Name, string? Cycle, string? RegionCode, List<string?>? Judges, List<CriterionBody>? Criteria, string? TieBreak);
public sealed record ContestantBody(string? Village, string? Presenter, int? Session, int? Order);
public sealed record ScoreBody(JsonElement Criteria);

public sealed record CompetitionResponse(string Id, string Name, string Cycle, string RegionCode, string Phase, IReadOnlyList<CriterionView> Criteria, string TieBreak,
    IReadOnlyList<string> Judges, IReadOnlyList<ContestantView> Contestants, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static CompetitionResponse From(CompetitionView v) => new(v.Id, v.Name, v.Cycle, v.RegionCode, v.Phase.ToString(), v.Criteria, v.TieBreak,
        v.Judges.Select(j => j.Username).ToList(), v.Contestants, v.CreatedBy, v.CreatedAt);
}

public sealed record CompetitionSummary(string Id, string Name, string Cycle, string RegionCode, string Phase, int Contestants, IReadOnlyList<string> Judges);
public sealed record ScoreboardResponse(string Competition, string Phase, IReadOnlyList<BoardRow> Contestants)
{
    public static ScoreboardResponse From(CompetitionBoard b) => new(b.Competition, b.Phase.ToString(), b.Contestants);
}
public sealed record SheetResponse(string Village, string Judge, IReadOnlyDictionary<string, decimal> Criteria, decimal Total, DateTimeOffset At, DateTimeOffset? Replaced, int Sequence);
public sealed record CompetitionReport(string Competition, string Name, string Cycle, string RegionCode, string Phase, IReadOnlyList<CompetitionReportRow> Contestants, IReadOnlyList<string> Judges);
public sealed record CompetitionReportRow(string Village, string Name, int? Rank, decimal? Final, int Judges, decimal? ResultsMean, decimal? UntrimmedMean, IReadOnlyDictionary<string, decimal> Totals);
public sealed record FairnessResponse(string Competition, string Phase, IReadOnlyList<JudgeSpreadView> Judges, IReadOnlyList<FairnessRowView> Contestants, IReadOnlyList<string> Changed);

/// <summary>
/// Every <c>/api/competitions</c> endpoint (擂台比武) and the two competition reports. The grain
/// holds the rules (who organizes, who judges, phases, criteria) and the board; the handlers
/// translate HTTP, and the stream fans one feed per competition out to this host's watchers.
/// </summary>
public static partial class CompetitionsApi
{
    /// <summary>How often an idle stream sends a comment, so that proxies keep it open.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapCompetitionsApi(this WebApplication app)
    {
        var feeds = ScoreboardFeeds.Of(app.Services);
        var competitions = app.MapGroup("/api/competitions");

        competitions.MapPost("", CreateAsync).RequireRoles(Role.City, Role.County, Role.Admin);
        competitions.MapGet("", ListAsync).RequireUser();
        competitions.MapGet("/{id}", GetAsync).RequireUser();
        competitions.MapPost("/{id}/contestants", AddContestantAsync).RequireRoles(Role.City, Role.County, Role.Admin);
        competitions.MapPost("/{id}/start", StartAsync).RequireRoles(Role.City, Role.County, Role.Admin);
        competitions.MapPost("/{id}/close", CloseAsync).RequireRoles(Role.City, Role.County, Role.Admin);
        competitions.MapPut("/{id}/scores/{village}", ScoreAsync).RequireRoles(Role.Judge);
        competitions.MapGet("/{id}/scores", ScoresAsync).RequireUser();
        competitions.MapGet("/{id}/scoreboard", BoardAsync).RequireUser();
        competitions.MapGet("/{id}/scoreboard/stream", (string id, HttpContext http, IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider time) =>
            StreamAsync(id, http, grains, feeds, json.Value.SerializerOptions, time)).RequireUser().Produces<string>(StatusCodes.Status200OK, "text/event-stream");

        var reports = app.MapGroup("/api/reports");
        reports.MapGet("/competition/{id}", CompetitionReportAsync).RequireUser().ProducesReport<CompetitionReport>();
        reports.MapGet("/fairness/{id}", FairnessReportAsync).RequireUser().ProducesReport<FairnessResponse>();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();

    internal static Caller CallerOf(HttpContext http)
    {
        var a = http.Actor();
        return new Caller(a.Username, a.Role, a.Region?.Value);
    }

    /// <summary>The competition's grain; an id that cannot be one (blank, '/', too long) is no competition.</summary>
    internal static ICompetitionGrain Grain(IGrainFactory grains, string id) =>
        IdPattern().IsMatch(id) ? grains.GetGrain<ICompetitionGrain>(id) : throw Refused.NotFound($"There is no competition '{id}'.");

    internal static async Task<CompetitionView> ExistingAsync(IGrainFactory grains, string id) =>
        await Grain(grains, id).GetAsync() ?? throw Refused.NotFound($"There is no competition {id}.");

    private static async Task<Results<Created<CompetitionResponse>, ProblemHttpResult>> CreateAsync(CreateCompetitionBody body, HttpContext http, IGrainFactory grains)
    {
        if (body.Id is null || !IdPattern().IsMatch(body.Id))
            return Problems.Invalid("The competition was not created.", [new($"'{body.Id}' is not a competition id: 1 to 64 of A–Z a–z 0–9 '_' '-', starting with a letter or digit", Field: "id")]);
        var judges = (body.Judges ?? []).Select(j => j ?? "").ToList();
        var criteria = body.Criteria?.Select(c => new CriterionView(c.Code ?? "", c.NameZh ?? "", c.NameEn, c.Points)).ToList();
        var view = await grains.GetGrain<ICompetitionGrain>(body.Id)
            .CreateAsync(new NewCompetition(body.Name ?? "", body.Cycle ?? "", body.RegionCode ?? "", judges, criteria, body.TieBreak), CallerOf(http));
        return TypedResults.Created($"/api/competitions/{view.Id}", CompetitionResponse.From(view));
    }

    private static async Task<Results<Ok<Page<CompetitionSummary>>, ProblemHttpResult>> ListAsync(
        string? cycle, string? region, int? limit, string? after, HttpContext http, CompetitionStore store, CancellationToken ct)
    {
        if (!Paging.TryRead(limit, after, out var size, out var afterId, out var error)) return Problems.Invalid(error!.Message, [error]);
        DivisionCode? within = null;
        if (!string.IsNullOrEmpty(region))
        {
            if (!DivisionCode.TryParse(region, out var code, out var reason)) return Problems.BadRequest(reason!, "region");
            within = code;
        }
        var actor = http.Actor();
        var items = (await store.ListAsync(string.IsNullOrEmpty(cycle) ? null : cycle, ct))
            .Where(c => within is null || within.Value.Contains(DivisionCode.Parse(c.Region)))
            .Where(c => actor.Role != Role.Judge || c.Judges.Any(j => j.Username == actor.Username))
            .Where(c => afterId is null || string.CompareOrdinal(c.Id, afterId) > 0)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Take(size + 1)
            .Select(c => new CompetitionSummary(c.Id, c.Name, c.Cycle, c.Region, c.Phase.ToString(), c.Contestants.Count, c.Judges.Select(j => j.Username).ToList()))
            .ToList();
        var next = items.Count > size ? items[size - 1].Id : null;
        return TypedResults.Ok(new Page<CompetitionSummary>(items.Take(size).ToList(), Paging.Cursor(next)));
    }

    /// <summary>The organizer (a city or county officer of its region), its judges, the province (and the admin) read a competition.</summary>
    private static async Task<Results<Ok<CompetitionResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var view = await ExistingAsync(grains, id);
        var actor = http.Actor();
        var region = DivisionCode.Parse(view.RegionCode);
        var allowed = actor.Role switch
        {
            Role.Admin => true,
            Role.Judge => view.Judges.Any(j => j.Username == actor.Username),
            Role.Province or Role.City or Role.County => actor.Reaches(region),
            _ => false,
        };
        return allowed
            ? TypedResults.Ok(CompetitionResponse.From(view))
            : Problems.Forbidden($"Competition {id} is read by its organizer ({view.RegionCode}), its judges and the province.");
    }

    private static async Task<Created<CompetitionResponse>> AddContestantAsync(string id, ContestantBody body, HttpContext http, IGrainFactory grains)
    {
        var view = await Grain(grains, id).AddContestantAsync(new NewContestant(body.Village ?? "", body.Presenter ?? "", body.Session, body.Order), CallerOf(http));
        return TypedResults.Created($"/api/competitions/{id}", CompetitionResponse.From(view));
    }

    private static async Task<Ok<CompetitionResponse>> StartAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CompetitionResponse.From(await Grain(grains, id).StartAsync(CallerOf(http))));

    private static async Task<Ok<CompetitionResponse>> CloseAsync(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(CompetitionResponse.From(await Grain(grains, id).CloseAsync(CallerOf(http))));

    /// <summary><c>{criteria: {code: points}}</c>, read as pairs so that a code sent twice is seen and named.</summary>
    private static async Task<Results<Ok<SheetResponse>, ProblemHttpResult>> ScoreAsync(string id, string village, ScoreBody body, HttpContext http, IGrainFactory grains)
    {
        if (!TryReadCriteria(body.Criteria, out var pairs, out var errors)) return Problems.Invalid("The score was not taken.", errors);
        var sheet = await Grain(grains, id).ScoreAsync(village, pairs, CallerOf(http));
        return TypedResults.Ok(Sheet(sheet));
    }

    /// <summary>A sheet's <c>{code: points}</c> (also the judge page's queued sheets), read as pairs so that a code sent twice is seen and named.</summary>
    internal static bool TryReadCriteria(JsonElement criteria, out List<KeyValuePair<string, decimal>> pairs, out List<ValidationError> errors)
    {
        pairs = [];
        errors = [];
        if (criteria.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("criteria is an object of criterion codes and points, e.g. {\"ideas\": 22.5, …}", Field: "criteria"));
            return false;
        }
        foreach (var p in criteria.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var points)) pairs.Add(new(p.Name, points));
            else errors.Add(new($"{p.Name}: {p.Value.GetRawText()} is not a number of points", Field: $"criteria.{p.Name}"));
        }
        return errors.Count == 0;
    }

    private static async Task<Ok<Page<SheetResponse>>> ScoresAsync(string id, string? judge, HttpContext http, IGrainFactory grains)
    {
        var sheets = await Grain(grains, id).GetScoresAsync(string.IsNullOrEmpty(judge) ? null : judge, CallerOf(http));
        return TypedResults.Ok(new Page<SheetResponse>(sheets.Select(Sheet).ToList(), null));
    }

    internal static SheetResponse Sheet(SheetRecord s) => new(s.Village, s.Judge, s.Criteria, s.Total, s.At, s.Replaced, s.Sequence);

    private static async Task<Ok<ScoreboardResponse>> BoardAsync(string id, IGrainFactory grains)
    {
        await ExistingAsync(grains, id);
        return TypedResults.Ok(ScoreboardResponse.From(await Grain(grains, id).GetBoardAsync()));
    }

    /// <summary>
    /// Server-sent events: the current board at once (also to a client reconnecting with
    /// Last-Event-ID, which may have missed any number of changes), then a <c>scoreboard</c> event per
    /// change, its id the board's version; a comment line every 15 s while nothing changes.
    /// </summary>
    internal static async Task StreamAsync(string id, HttpContext http, IGrainFactory grains, ScoreboardFeeds feeds, JsonSerializerOptions json, TimeProvider time)
    {
        await ExistingAsync(grains, id);
        var ct = http.RequestAborted;
        using var watch = await feeds.WatchAsync(id);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                while (watch.Boards.TryRead(out var board))
                {
                    var data = JsonSerializer.Serialize(ScoreboardResponse.From(board), json);
                    await response.WriteAsync($"event: scoreboard\nid: {board.Version.ToString(CultureInfo.InvariantCulture)}\ndata: {data}\n\n", Encoding.UTF8, ct);
                }
                await response.Body.FlushAsync(ct);
                using var quiet = new CancellationTokenSource(Heartbeat, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, quiet.Token);
                try
                {
                    if (!await watch.Boards.WaitToReadAsync(either.Token)) break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync(": heartbeat\n\n", ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The watcher left.
        }
    }

    private static async Task<IResult> CompetitionReportAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        var view = await ExistingAsync(grains, id);
        if (view.Phase != CompetitionPhase.Closed)
            return Problems.Conflict($"Competition {id} is {view.Phase}: its report is the final ranking, given once it is Closed (the live board is /api/competitions/{id}/scoreboard).");
        return ReportFormats.Respond(request, await ReportAsync(grains, view), ReportTableOf);
    }

    /// <summary>The competition report (also the organizer page's download): the board with each judge's totals.</summary>
    internal static async Task<CompetitionReport> ReportAsync(IGrainFactory grains, CompetitionView view)
    {
        var grain = Grain(grains, view.Id);
        var board = await grain.GetBoardAsync();
        var fairness = await grain.GetFairnessAsync();
        var judges = view.Judges.Select(j => j.Username).ToList();
        var totals = fairness.Totals.ToDictionary(t => t.Judge, t => t.Totals);
        return new CompetitionReport(view.Id, view.Name, view.Cycle, view.RegionCode, view.Phase.ToString(), board.Contestants
            .Select(r => new CompetitionReportRow(r.Village, r.Name, r.Rank, r.Final, r.Judges, r.ResultsMean, r.UntrimmedMean,
                judges.Where(j => totals.TryGetValue(j, out var t) && t.ContainsKey(r.Village)).ToDictionary(j => j, j => totals[j][r.Village])))
            .ToList(), judges);
    }

    internal static ReportTable ReportTableOf(CompetitionReport r) => new($"competition-{r.Competition}",
        ["rank", "village", "name", "final", "judges", "resultsMean", "untrimmedMean", .. r.Judges],
        r.Contestants.Select(c => (IReadOnlyList<object?>)[c.Rank, c.Village, c.Name, c.Final, c.Judges, c.ResultsMean, c.UntrimmedMean,
            .. r.Judges.Select(j => (object?)(c.Totals.TryGetValue(j, out var t) ? t : null))]).ToList());

    private static async Task<IResult> FairnessReportAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        await ExistingAsync(grains, id);
        return ReportFormats.Respond(request, await FairnessAsync(grains, id), FairnessTableOf);
    }

    /// <summary>The fairness report (also shown and downloaded from the organizer's page).</summary>
    internal static async Task<FairnessResponse> FairnessAsync(IGrainFactory grains, string id)
    {
        var f = await Grain(grains, id).GetFairnessAsync();
        return new FairnessResponse(id, f.Phase.ToString(), f.Judges, f.Contestants, f.Changed);
    }

    internal static ReportTable FairnessTableOf(FairnessResponse r) => new($"fairness-{r.Competition}",
        ["kind", "id", "name", "final", "rank", "normalised", "normalisedRank", "changed", "mean", "sd", "scored", "leftOut"],
        [
            .. r.Contestants.Select(c => (IReadOnlyList<object?>)["contestant", c.Village, c.Name, c.Final, c.Rank, c.Normalised, c.NormalisedRank,
                r.Changed.Contains(c.Village) ? "yes" : "no", null, null, null, null]),
            .. r.Judges.Select(j => (IReadOnlyList<object?>)["judge", j.Judge, null, null, null, null, null, null, j.Mean, j.Sd, j.Scored, j.LeftOut]),
        ]);
}
