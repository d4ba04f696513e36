using System.Text.Json;
using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Competitions;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Assessment.Host.Pages.Competitions;

/// <summary>
/// What the competition pages (擂台比武) share, and the two endpoints their scripts talk to, signed in with the
/// page cookie (the API takes bearer tokens only): the judge's sheet as an idempotent PUT of the whole sheet
/// (judge.js sends it, again and again while the hall's Wi-Fi is down), and the big screen's server-sent events,
/// fed by the same <see cref="ScoreboardFeeds"/> as the API's stream.
/// </summary>
public static class CompetitionPages
{
    public static void MapCompetitionPages(this WebApplication app)
    {
        var feeds = ScoreboardFeeds.Of(app.Services);
        var pages = app.MapGroup("/competitions").RequireAuthorization(PagesSetup.Policy).ExcludeFromDescription();
        pages.MapPut("/{id}/sheets/{village}", PutSheetAsync);
        pages.MapGet("/{id}/screen/events", (string id, HttpContext http, IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider time) =>
            CompetitionsApi.StreamAsync(id, http, grains, feeds, json.Value.SerializerOptions, time));
    }

    /// <summary>The same grain call as <c>PUT /api/competitions/{id}/scores/{village}</c>, after the page's antiforgery token (a header).</summary>
    private static async Task<IResult> PutSheetAsync(string id, string village, HttpContext http, IGrainFactory grains, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Problems.Create(400, "Bad request", "The page's form token is missing or stale: reload the page and save again.");
        JsonElement body;
        try { body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted); }
        catch (JsonException) { return Problems.BadRequest("The body is not JSON: send {\"criteria\": {\"ideas\": 22.5, …}}.", "criteria"); }
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("criteria", out var criteria)) criteria = default;
        if (!CompetitionsApi.TryReadCriteria(criteria, out var pairs, out var errors)) return Problems.Invalid("The score was not taken.", errors);
        try
        {
            var sheet = await CompetitionsApi.Grain(grains, id).ScoreAsync(village, pairs, CompetitionsApi.CallerOf(http));
            return TypedResults.Ok(CompetitionsApi.Sheet(sheet));
        }
        catch (Refused r)
        {
            return Problems.From(r);
        }
    }

    /// <summary>The competition, or null when there is none by that id (the page answers 404).</summary>
    public static async Task<CompetitionView?> FindAsync(IGrainFactory grains, string id)
    {
        try { return await CompetitionsApi.Grain(grains, id).GetAsync(); }
        catch (Refused) { return null; }
    }

    /// <summary>A city or county officer whose region holds the competition's (or the admin): as the grain decides.</summary>
    public static bool Organizes(this Actor actor, CompetitionView c) =>
        actor.Role == Role.Admin || (actor.Role is Role.City or Role.County && actor.Reaches(DivisionCode.Parse(c.RegionCode)));

    public static bool Judges(this Actor actor, CompetitionView c) =>
        actor.Role == Role.Judge && c.Judges.Any(j => j.Username == actor.Username);

    /// <summary>Who reads a competition: its organizers, its judges, the province (as <c>GET /api/competitions/{id}</c>).</summary>
    public static bool Reads(this Actor actor, CompetitionView c) => actor.Role switch
    {
        Role.Admin => true,
        Role.Judge => actor.Judges(c),
        Role.Province or Role.City or Role.County => actor.Reaches(DivisionCode.Parse(c.RegionCode)),
        _ => false,
    };

    /// <summary>Why this judge may not score the village (回避), or null.</summary>
    public static string? Conflict(this CompetitionView c, string judge, string village)
    {
        var seat = c.Judges.FirstOrDefault(j => j.Username == judge);
        if (seat is null) return null;
        return ConflictOfInterest.Exists(seat.Username, seat.Region is null ? null : DivisionCode.Parse(seat.Region), DivisionCode.Parse(village), out var reason)
            ? reason : null;
    }

    /// <summary>Sessions, then the running order within a session: the order contestants go on stage.</summary>
    public static IReadOnlyList<ContestantView> RunningOrder(this CompetitionView c) =>
        [.. c.Contestants.OrderBy(x => x.Session).ThenBy(x => x.Order).ThenBy(x => x.Village, StringComparer.Ordinal)];

    public static string PhaseName(CompetitionPhase phase) => phase switch
    {
        CompetitionPhase.Scheduled => Text.T("待开赛", "Scheduled"),
        CompetitionPhase.Live => Text.T("比赛中", "Live"),
        CompetitionPhase.Closed => Text.T("已结束", "Closed"),
        _ => phase.ToString(),
    };

    /// <summary>The status the API would answer for this refusal (the page shows it; tests and assistive tech see a failure).</summary>
    public static int Status(Refused r) => r.Kind switch
    {
        RefusalKind.Malformed => 400,
        RefusalKind.NotFound => 404,
        RefusalKind.Forbidden => 403,
        RefusalKind.Conflict => 409,
        _ => 422,
    };

    public static string Points(decimal? value) => value is { } v ? v.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>Competitions this reader may see (few per cycle: a list, not a page), newest cycle first.</summary>
    public static async Task<IReadOnlyList<Storage.StoredCompetition>> VisibleAsync(Storage.CompetitionStore store, Actor actor, CancellationToken ct) =>
        [.. (await store.ListAsync(null, ct))
            .Where(c => actor.Role switch
            {
                Role.Admin => true,
                Role.Judge => c.Judges.Any(j => j.Username == actor.Username),
                Role.Province or Role.City or Role.County => actor.Reaches(DivisionCode.Parse(c.Region)),
                _ => false,
            })
            .OrderByDescending(c => c.Cycle, StringComparer.Ordinal).ThenByDescending(c => c.CreatedAt)];
}
