using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Notice;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Cycles;
using Assessment.Domain.Notice;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Assessment.Host.Api;

/// <summary>A village on the public notice board (公示): what the public may see of it, and nothing more.</summary>
public sealed record NoticeItem(string Village, string Name, string CountyName, string TownshipName, string? PreviousTier, string FinalTier, string Direction);

public sealed record ObjectionBody(string? Village, string? Text, string? Contact);

public sealed record ObjectionCreated(string Id);

public sealed record ObjectionResponse(string Id, string Village, string Text, string? Contact, DateTimeOffset At, string Status,
    string? Outcome, string? Reason, string? Tier, string? ResolvedBy, DateTimeOffset? ResolvedAt)
{
    /// <param name="withContact">The objector's contact is shown to the province only.</param>
    public static ObjectionResponse From(ObjectionView o, bool withContact) => new(o.Id, o.Village, o.Text, withContact ? o.Contact : null, o.At,
        o.Status.ToWire(), o.Outcome?.ToWire(), o.Reason, o.Tier?.ToWire(), o.ResolvedBy, o.ResolvedAt);
}

public sealed record ResolutionBody(string? Outcome, string? Reason, string? Tier);

/// <summary>
/// The public notice (公示) and its objections (异议), domain.md "Public notice and objections": the
/// board and the objection form under <c>/api/public</c>, open to anyone without signing in and
/// showing only what domain.md lists; the province's list and resolution of objections. Objections
/// are rate-limited per client address (<see cref="ObjectionsPolicy"/>); behind a reverse proxy the
/// address comes from X-Forwarded-For only when that proxy is configured as trusted.
/// </summary>
public static class NoticeApi
{
    public const string ObjectionsPolicy = "objections";
    /// <summary>Objections one client address may lodge in <see cref="ObjectionWindow"/> (domain.md: 5 an hour).</summary>
    public const int ObjectionsPerWindow = 5;
    public static readonly TimeSpan ObjectionWindow = TimeSpan.FromHours(1);
    /// <summary>An objection's body: 1,000 characters of text and 100 of contact fit many times over, even escaped.</summary>
    public const int MaxObjectionBytes = 16 * 1024;

    /// <summary>The rate limiter of objections, and the trusted proxies (<c>Assessment:ForwardedHeaders:TrustedProxies</c>).</summary>
    public static void AddNoticeApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            // Lodging only (POST), so the public board's page, which carries the form, reads freely; the API and the page count
            // against the same partition (the client's address), so 5 an hour holds whichever way an objection comes in.
            o.AddPolicy(ObjectionsPolicy, http => !HttpMethods.IsPost(http.Request.Method) ? RateLimitPartition.GetNoLimiter("read") : RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = ObjectionsPerWindow, Window = ObjectionWindow, QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : ObjectionWindow;
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                // The public board's page: an empty 429, which the pages' error page explains in words.
                if (!context.HttpContext.Request.Path.StartsWithSegments("/api")) return;
                await Problems.Create(429, "Too many requests",
                    $"At most {ObjectionsPerWindow} objections an hour are taken from one address (每小时最多 {ObjectionsPerWindow} 条异议); try again in {seconds / 60 + 1} minute(s).")
                    .ExecuteAsync(context.HttpContext);
            };
        });

        var trusted = builder.Configuration["Assessment:ForwardedHeaders:TrustedProxies"];
        if (string.IsNullOrWhiteSpace(trusted)) return;
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in trusted.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else throw new Hosting.CannotStartException($"Assessment:ForwardedHeaders:TrustedProxies: '{entry}' is neither an IP address nor a network such as 10.0.0.0/8.", exitCode: 2);
        }
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // Only the configured proxies are believed; the defaults (loopback) are not.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
        });
    }

    /// <summary>First in the pipeline: the client's address as the trusted proxy says (if one is configured), then the limiter.</summary>
    public static void UseNoticeApi(this WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration["Assessment:ForwardedHeaders:TrustedProxies"])) app.UseForwardedHeaders();
        app.UseRateLimiter();
    }

    public static void MapNoticeApi(this WebApplication app)
    {
        var open = app.MapGroup("/api/public").AllowAnonymous();
        open.MapGet("/cycles/{id}/notice", BoardAsync);
        open.MapPost("/cycles/{id}/objections", LodgeAsync).RequireRateLimiting(ObjectionsPolicy).Accepts<ObjectionBody>("application/json");

        app.MapPost("/api/objections/{id}/resolve", ResolveAsync).RequireRoles(Role.Province, Role.Admin);
    }

    /// <summary>The public board: while the cycle is on notice, every village whose tier changes in the region, by code.</summary>
    private static async Task<Results<Ok<Page<NoticeItem>>, ProblemHttpResult>> BoardAsync(
        string id, string? region, int? limit, string? after, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        if (!Paging.TryRead(limit, after, out var size, out var afterVillage, out var error)) return Problems.Invalid(error!.Message, [error]);
        if (afterVillage is not null && !(DivisionCode.TryParse(afterVillage, out var a, out _) && a.Value.Level == RegionLevel.Village))
            return Problems.BadRequest("'after' is not a cursor this list gave out.", "after");
        DivisionCode? within = null;
        if (!string.IsNullOrEmpty(region))
        {
            if (!DivisionCode.TryParse(region, out var r, out var why)) return Problems.BadRequest(why!, "region");
            within = r.Value;
        }
        var (items, next) = await BoardPageAsync(grains, regions, id, within, afterVillage, size, ct);
        return TypedResults.Ok(new Page<NoticeItem>(items, Paging.Cursor(next)));
    }

    /// <summary>
    /// One page of the public board (the API and the public page): only what domain.md lets the public see — code, name,
    /// county and township names, previous and final tier, direction. Refused (404) unless the cycle is on notice.
    /// </summary>
    internal static async Task<(IReadOnlyList<NoticeItem> Items, string? Next)> BoardPageAsync(
        IGrainFactory grains, RegionStore regions, string id, DivisionCode? region, string? afterVillage, int size, CancellationToken ct)
    {
        var cycle = await grains.GetGrain<ICycleGrain>(id).GetAsync();
        if (cycle is null || cycle.Phase != CyclePhase.Notice)
            throw Refused.NotFound($"Cycle {id} is not on public notice (公示) now. 该周期当前没有公示。");
        var province = DivisionCode.Parse(cycle.Province);
        var scope = region ?? province;
        if (!province.Contains(scope)) throw Refused.NotFound($"{scope} is not in province {province}, whose results are on notice.");

        var prefix = scope.Level > RegionLevel.County ? scope.Prefix : null;
        var entries = new List<(string County, Assessment.Abstractions.Review.NoticeEntry Entry)>(size + 1);
        foreach (var county in CyclesApi.CountiesOf(cycle, scope).Where(c => afterVillage is null || string.CompareOrdinal(c, afterVillage[..6]) >= 0))
        {
            var page = await CyclesApi.County(grains, id, county).NoticeAsync(prefix, afterVillage, size + 1 - entries.Count);
            entries.AddRange(page.Select(e => (county, e)));
            if (entries.Count > size) break;
        }
        var next = entries.Count > size ? entries[size - 1].Entry.Village : null;

        var items = new List<NoticeItem>(Math.Min(size, entries.Count));
        foreach (var group in entries.Take(size).GroupBy(e => e.County))
        {
            var countyCode = DivisionCode.Parse(group.Key);
            var countyName = (await regions.GetAsync(countyCode, ct))?.Name ?? "";
            var townships = (await regions.DescendantsAsync(countyCode, RegionLevel.Township, ct)).ToDictionary(t => t.Code, t => t.Name);
            var villages = grains.GetGrain<ICountyGrain>(group.Key);
            foreach (var (_, e) in group)
            {
                var village = await villages.GetVillageAsync(e.Village);
                var township = DivisionCode.Parse(e.Village).Ancestor(RegionLevel.Township).Value;
                items.Add(new NoticeItem(e.Village, village?.Name ?? "", countyName, townships.GetValueOrDefault(township, ""),
                    e.PreviousTier?.ToWire(), e.FinalTier.ToWire(), e.Direction.ToWire()));
            }
        }
        return (items, next);
    }

    /// <summary>Anyone may object to a listed village during the notice; the same text again answers the first objection (200).</summary>
    private static async Task<Results<Created<ObjectionCreated>, Ok<ObjectionCreated>, ProblemHttpResult>> LodgeAsync(string id, HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        var body = await ReadObjectionAsync(request, ct);
        var lodged = await LodgeObjectionAsync(grains, time, id, body);
        var answer = new ObjectionCreated(lodged.Id);
        return lodged.Created ? TypedResults.Created((string?)null, answer) : TypedResults.Ok(answer);
    }

    /// <summary>Lodges an objection during the notice (the API and the public page); the grain checks the text and contact.</summary>
    internal static async Task<Lodged> LodgeObjectionAsync(IGrainFactory grains, TimeProvider time, string id, ObjectionBody body)
    {
        var cycle = await grains.GetGrain<ICycleGrain>(id).GetAsync() ?? throw Refused.NotFound($"No cycle {id} exists.");
        if (cycle.Work == CycleWork.Publishing || cycle.Notice is null)
            throw Refused.Conflict($"Cycle {id}'s results are not on public notice (公示): objections are taken only during the notice. 当前不在公示期，不受理异议。");
        if (PublicNotice.WhyNotObject(cycle.Phase, cycle.Notice, time.GetUtcNow()) is { } why)
            throw Refused.Conflict($"Cycle {id}: {why}. 公示期已结束，不再受理异议。");

        var village = body.Village?.Trim() ?? "";
        if (!DivisionCode.TryParse(village, out var code, out _) || code.Value.Level != RegionLevel.Village
            || !cycle.Counties.Contains(code.Value.County!.Value.Value))
            throw Refused.Invalid("The objection was not taken.", [new($"'{body.Village}' is not a village on the public notice (公示) of cycle {id}", Field: "village")]);

        var grain = grains.GetGrain<ICountyObjectionsGrain>(ICountyObjectionsGrain.Key(id, code.Value.County!.Value.Value));
        return await grain.LodgeAsync(new ObjectionInput(village, body.Text, body.Contact), cycle.Notice.From, cycle.Notice.Until);
    }

    /// <summary>A JSON body of at most <see cref="MaxObjectionBytes"/>: the form is open to anyone, so nothing larger is read.</summary>
    private static async Task<ObjectionBody> ReadObjectionAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType()) throw new UnsupportedMediaTypeException($"An objection is sent as 'application/json', not '{request.ContentType}'.");
        if (request.ContentLength > MaxObjectionBytes) throw new BodyTooLargeException(MaxObjectionBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxObjectionBytes) throw new BodyTooLargeException(MaxObjectionBytes);
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return JsonSerializer.Deserialize<ObjectionBody>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonSerializerOptions.Web)
                ?? throw new BadHttpRequestException("The body is not an objection: send {\"village\", \"text\", \"contact\"?}.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The body is not an objection's JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The objections of the cycle in the region (default: the caller's own), by id; the province (and
    /// the admin) sees the objector's contact, a city or county officer does not.
    /// </summary>
    internal static async Task<Results<Ok<Page<ObjectionResponse>>, ProblemHttpResult>> ListObjectionsAsync(
        string id, string? region, string? status, int? limit, string? after, HttpContext http, IGrainFactory grains)
    {
        if (!Paging.TryRead(limit, after, out var size, out var afterId, out var error)) return Problems.Invalid(error!.Message, [error]);
        if (afterId is not null && !ICountyObjectionsGrain.TryParseId(afterId, out _, out _, out _)) return Problems.BadRequest("'after' is not a cursor this list gave out.", "after");
        ObjectionStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Words.TryParse<ObjectionStatus>(status, out var s)) return Problems.BadRequest($"'{status}' is not a status; use {Words.Choices<ObjectionStatus>()}.", "status");
            wanted = s;
        }
        var actor = http.Actor();
        var cycle = await CyclesApi.CycleAsync(grains, id);
        if (cycle.Province == "") return TypedResults.Ok(new Page<ObjectionResponse>([], null));
        var scope = region is null ? actor.Region ?? DivisionCode.Parse(cycle.Province) : DivisionCode.Parse(region);
        var (items, next) = await ObjectionPageAsync(grains, cycle, scope, wanted, afterId, size);
        var withContact = actor.Role is Role.Province or Role.Admin;
        return TypedResults.Ok(new Page<ObjectionResponse>(items.Select(o => ObjectionResponse.From(o, withContact)).ToList(), Paging.Cursor(next)));
    }

    /// <summary>One page of a cycle's objections in the region, by id (the API and the objections page).</summary>
    internal static async Task<(IReadOnlyList<ObjectionView> Items, string? Next)> ObjectionPageAsync(
        IGrainFactory grains, CycleView cycle, DivisionCode scope, ObjectionStatus? wanted, string? afterId, int size)
    {
        var id = cycle.Id;
        var prefix = scope.Level > RegionLevel.County ? scope.Prefix : null;
        var items = new List<ObjectionView>(size + 1);
        string? afterCounty = null;
        var afterNumber = 0;
        if (afterId is not null && ICountyObjectionsGrain.TryParseId(afterId, out _, out var ac, out afterNumber)) afterCounty = ac;
        foreach (var county in CyclesApi.CountiesOf(cycle, scope).Where(c => afterCounty is null || string.CompareOrdinal(c, afterCounty) >= 0))
        {
            var grain = grains.GetGrain<ICountyObjectionsGrain>(ICountyObjectionsGrain.Key(id, county));
            items.AddRange(await grain.ListAsync(prefix, wanted, county == afterCounty ? afterId : null, size + 1 - items.Count));
            if (items.Count > size) break;
        }
        return (items.Take(size).ToList(), items.Count > size ? items[size - 1].Id : null);
    }

    /// <summary>The province dismisses or upholds an objection, with a reason; an upheld one may set the village's final tier.</summary>
    private static async Task<Ok<ObjectionResponse>> ResolveAsync(string id, ResolutionBody? body, HttpContext http, IGrainFactory grains)
    {
        var resolved = await ResolveObjectionAsync(grains, id, http.Actor(), new ResolutionInput(body?.Outcome, body?.Reason, body?.Tier));
        return TypedResults.Ok(ObjectionResponse.From(resolved, withContact: true));
    }

    /// <summary>Resolves an objection (the API and the objections page), while its cycle is on notice.</summary>
    internal static async Task<ObjectionView> ResolveObjectionAsync(IGrainFactory grains, string id, Actor actor, ResolutionInput input)
    {
        if (!ICountyObjectionsGrain.TryParseId(id, out var cycleId, out var county, out _)) throw Refused.NotFound($"No objection {id} exists.");
        await CyclesApi.CycleInScopeAsync(grains, cycleId, actor);
        var cycle = await CyclesApi.CycleAsync(grains, cycleId);
        if (!cycle.Counties.Contains(county)) throw Refused.NotFound($"No objection {id} exists.");
        // While the cycle is being published its objections are settled: it reads as not on notice.
        var phase = cycle.Work == CycleWork.Publishing ? CyclePhase.Published : cycle.Phase;
        return await grains.GetGrain<ICountyObjectionsGrain>(ICountyObjectionsGrain.Key(cycleId, county))
            .ResolveAsync(id, input, actor.Username, phase);
    }
}
