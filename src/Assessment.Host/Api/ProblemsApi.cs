using System.Globalization;
using System.Security.Cryptography;
using Assessment.Abstractions;
using Assessment.Abstractions.Problems;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Problems;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Assessment.Host.Api;

public sealed record ProblemBody(string? Category, string? Description, string? Severity, string? Source, string? Responsible, string? Deadline);
public sealed record EvidenceBody(string? Evidence);
public sealed record NoteBody(string? Note);
public sealed record ReasonBody(string? Reason);
public sealed record ProblemCreated(string Id, string Status);
public sealed record TransitionResponse(string Status, string By, DateTimeOffset At, string? Evidence, string? Reason, string? Note);
public sealed record AttachmentResponse(int N, string Name, string ContentType, long Bytes, string Sha256, string? By = null, DateTimeOffset? At = null);
public sealed record ProblemResponse(string Id, string Village, string Category, string Description, string Severity, string Source, string Responsible,
    string Deadline, string Status, bool Overdue, string? OverdueNoted, IReadOnlyList<TransitionResponse> Transitions, IReadOnlyList<AttachmentResponse> Attachments)
{
    public static ProblemResponse From(ProblemView p) => new(p.Id, p.Village, p.Category, p.Description, p.Severity.ToWire(), p.Source.ToWire(), p.Responsible,
        Date(p.Deadline), p.Status.ToWire(), p.Overdue, p.OverdueNoted is { } d ? Date(d) : null,
        p.Transitions.Select(t => new TransitionResponse(t.Status.ToWire(), t.By, t.At, t.Evidence, t.Reason, t.Note)).ToList(),
        p.Attachments.Select(a => new AttachmentResponse(a.N, a.Name, a.ContentType, a.Bytes, a.Sha256, a.By, a.At)).ToList());

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
public sealed record RectificationChild(string Region, string Name, int Open, int Overdue, int Rectified, int Verified);
public sealed record RectificationReport(string Region, string Name, IReadOnlyList<RectificationChild> Children);
public sealed record ResponsibilityItem(string Village, string Name, string Problem, string Category, string Description, string Severity,
    string Responsible, string Deadline, string Status, bool Overdue);

/// <summary>
/// Problem rectification (问题整顿): <c>/api/villages/{code}/problems</c>, <c>/api/problems</c> with the
/// steps of a problem's loop and its evidence files, and the rectification and responsibility reports.
/// A problem's id is "{village}-{n}", so its scope is its village's; the county's problems grain
/// holds the rules and refuses with <see cref="Refused"/>.
/// </summary>
public static class ProblemsApi
{
    /// <summary>An evidence file is at most 10 MiB (domain.md); one byte more is 413.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The accepted kinds of file and the bytes each starts with: the content decides, never the name.</summary>
    private static readonly (string ContentType, byte[] Magic)[] FileKinds =
    [
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("application/pdf", "%PDF-"u8.ToArray()),
    ];

    public static void MapProblemsApi(this WebApplication app)
    {
        var village = app.MapGroup("/api/villages/{code}/problems");
        village.MapPost("", RecordAsync).RequireRoles(Role.County, Role.Admin).RequireScope("code");
        village.MapGet("", ListVillageAsync).RequireScope("code");

        var problems = app.MapGroup("/api/problems");
        problems.MapGet("", ListAsync).RequireScope("region", optional: true);
        problems.MapGet("/{id}", GetAsync).RequireProblemScope();
        problems.MapPost("/{id}/rectify", (string id, EvidenceBody body, HttpContext http, IGrainFactory grains) => MoveAsync(id, ProblemStep.Rectify, body.Evidence, http, grains))
            .RequireRoles(Role.County, Role.Admin).RequireProblemScope();
        problems.MapPost("/{id}/verify", (string id, NoteBody body, HttpContext http, IGrainFactory grains) => MoveAsync(id, ProblemStep.Verify, body.Note, http, grains))
            .RequireRoles(Role.County, Role.Admin).RequireProblemScope();
        problems.MapPost("/{id}/reopen", (string id, ReasonBody body, HttpContext http, IGrainFactory grains) => MoveAsync(id, ProblemStep.Reopen, body.Reason, http, grains))
            .RequireRoles(Role.County, Role.Admin).RequireProblemScope();
        problems.MapPost("/{id}/attachments", AttachAsync).RequireRoles(Role.County, Role.Admin).RequireProblemScope()
            .Accepts<byte[]>("image/jpeg", "image/png", "application/pdf");
        problems.MapGet("/{id}/attachments/{n}", GetAttachmentAsync).RequireProblemScope()
            .Produces<byte[]>(StatusCodes.Status200OK, "image/jpeg", "image/png", "application/pdf");

        var reports = app.MapGroup("/api/reports");
        reports.MapGet("/rectification", RectificationAsync).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<RectificationReport>();
        reports.MapGet("/responsibility", ResponsibilityAsync).RequireRoles(Role.Admin, Role.Province, Role.City, Role.County).RequireScope("region").ProducesReport<Page<ResponsibilityItem>>();
    }

    private static async Task<Created<ProblemCreated>> RecordAsync(string code, ProblemBody body, HttpContext http, IGrainFactory grains)
    {
        var village = DivisionCode.Parse(code); // RequireScope has checked it
        if (village.Level != RegionLevel.Village) throw Refused.NotFound($"{code} is a {village.Level.ToWire()}, not a village: a problem belongs to a village.");
        var p = await County(grains, code).RecordAsync(code,
            new ProblemFields(body.Category, body.Description, body.Severity, body.Source, body.Responsible, body.Deadline), http.Actor().Username);
        return TypedResults.Created($"/api/problems/{p.Id}", new ProblemCreated(p.Id, p.Status.ToWire()));
    }

    private static async Task<Ok<ProblemResponse>> MoveAsync(string id, ProblemStep step, string? text, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(ProblemResponse.From(await Problem(grains, id).MoveAsync(id, step, text, http.Actor().Username)));

    private static async Task<Ok<ProblemResponse>> GetAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(ProblemResponse.From(await FindAsync(grains, id)));

    private static async Task<Results<Ok<Page<ProblemResponse>>, ProblemHttpResult>> ListVillageAsync(string code, int? limit, string? after, IGrainFactory grains)
    {
        var village = DivisionCode.Parse(code);
        if (village.Level != RegionLevel.Village) throw Refused.NotFound($"{code} is a {village.Level.ToWire()}, not a village.");
        var items = await County(grains, code).ListAsync(code, null, null);
        return PageOf(items.Select(ProblemResponse.From).ToList(), limit, after);
    }

    private static async Task<Results<Ok<Page<ProblemResponse>>, ProblemHttpResult>> ListAsync(
        string? region, string? status, string? overdue, int? limit, string? after, HttpContext http, IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        ProblemStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (ProblemStatuses.TryParse(status, out var s)) wanted = s;
            else errors.Add(new($"'{status}' is not a status; use open, rectified or verified", Field: "status"));
        }
        bool? late = null;
        if (!string.IsNullOrEmpty(overdue))
        {
            if (bool.TryParse(overdue, out var o)) late = o;
            else errors.Add(new($"'{overdue}' is not true or false", Field: "overdue"));
        }
        if (errors.Count > 0) return Problems.Invalid("The list was not made.", errors);
        var code = RegionOf(region, http.Actor());
        if (code is null) return Problems.BadRequest("'region' is required for a user without a region.", "region");
        var items = await InRegionAsync(code.Value, wanted, late, grains, regions, fanOut, ct);
        return PageOf(items.Select(ProblemResponse.From).ToList(), limit, after);
    }

    private static async Task<Created<AttachmentResponse>> AttachAsync(string id, string? name, HttpRequest request, HttpContext http, IGrainFactory grains, EvidenceStore evidence, CancellationToken ct)
    {
        var a = await AttachFileAsync(grains, evidence, id, name, request.ContentType, request.Body, request.ContentLength, http.Actor().Username, ct);
        return TypedResults.Created($"/api/problems/{id}/attachments/{a.N}", new AttachmentResponse(a.N, a.Name, a.ContentType, a.Bytes, a.Sha256));
    }

    /// <summary>
    /// An evidence file as the API and the village page both receive it: checked (name, kind by content, size),
    /// stored, then recorded on the problem. 409 verified, 422 bad name, 415 not what it says, 413 too large.
    /// </summary>
    internal static async Task<AttachmentView> AttachFileAsync(IGrainFactory grains, EvidenceStore evidence, string id, string? name, string? contentTypeHeader,
        Stream body, long? length, string user, CancellationToken ct)
    {
        var problem = await FindAsync(grains, id);
        if (problem.Status == ProblemStatus.Verified) throw Refused.Conflict($"Problem {id} is verified (已验收): its loop is closed and takes no more evidence.");
        var fileName = name?.Trim() ?? "";
        if (fileName.Length is 0 or > 128 || fileName.Any(c => char.IsControl(c) || c is '/' or '\\'))
            throw Refused.Invalid("The file was not attached.", [new("name the file with ?name=, 1–128 characters without '/', '\\' or control characters", Field: "name")]);
        var contentType = MediaTypeHeaderValue.TryParse(contentTypeHeader, out var type) ? type.MediaType.Value?.ToLowerInvariant() : null;
        var kind = FileKinds.FirstOrDefault(k => k.ContentType == contentType);
        if (kind.Magic is null)
            throw new UnsupportedMediaTypeException($"Evidence files are photos (image/jpeg, image/png) or scans (application/pdf); got '{contentTypeHeader ?? "none"}'.");
        var bytes = await ReadFileAsync(body, length, ct);
        if (!bytes.AsSpan().StartsWith(kind.Magic))
            throw new UnsupportedMediaTypeException($"The file is not {kind.ContentType}: its content does not start as a {kind.ContentType} file does. Send it with the Content-Type of what it is.");

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var blob = EvidenceStore.BlobName(id, sha);
        // The file first, then the record that points at it: a record never points at a file that was not stored.
        await evidence.SaveAsync(blob, bytes, kind.ContentType, ct);
        return await Problem(grains, id).AttachAsync(id, new AttachmentView(0, fileName, kind.ContentType, bytes.LongLength, sha, blob, user, default));
    }

    private static async Task<IResult> GetAttachmentAsync(string id, string n, IGrainFactory grains, EvidenceStore evidence, CancellationToken ct)
    {
        if (await ReadAttachmentAsync(grains, evidence, id, n, ct) is not { } file) return Problems.NotFound($"Problem {id} has no attachment {n}.");
        return TypedResults.File(file.Bytes, file.Attachment.ContentType, file.Attachment.Name);
    }

    /// <summary>An attachment's record and bytes (the API and the pages' download); null when the problem has no attachment <paramref name="n"/>.</summary>
    internal static async Task<(AttachmentView Attachment, byte[] Bytes)?> ReadAttachmentAsync(IGrainFactory grains, EvidenceStore evidence, string id, string n, CancellationToken ct)
    {
        var problem = await FindAsync(grains, id);
        var a = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? problem.Attachments.FirstOrDefault(x => x.N == number) : null;
        if (a is null) return null;
        var bytes = await evidence.ReadAsync(a.Blob, ct) ?? throw new StorageUnavailableException($"The file of attachment {n} of problem {id} could not be read.");
        return (a, bytes);
    }

    private static async Task<IResult> RectificationAsync(string region, HttpRequest request, IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct)
    {
        var code = DivisionCode.Parse(region);
        if (await regions.GetAsync(code, ct) is not { } self) return Problems.NotFound($"No region {code} is stored.");
        if (code.Level > RegionLevel.County) return Problems.BadRequest("Rectification progress is reported for a province, city or county.", "region");
        var children = new List<RectificationChild>();
        if (code.Level == RegionLevel.County)
        {
            var problems = await County(grains, code.Value).ListAsync(code.Prefix, null, null);
            foreach (var t in await regions.DescendantsAsync(code, RegionLevel.Township, ct))
                children.Add(Child(t.Code, t.Name, problems.Where(p => p.Village.StartsWith(DivisionCode.Parse(t.Code).Prefix, StringComparison.Ordinal))));
        }
        else
        {
            var counties = await regions.DescendantsAsync(code, RegionLevel.County, ct);
            children.AddRange(await fanOut.EachAsync(counties, async c => Child(c.Code, c.Name, await County(grains, c.Code).ListAsync(DivisionCode.Parse(c.Code).Prefix, null, null)), ct));
        }
        var report = new RectificationReport(code.Value, self.Name, children.OrderBy(c => c.Region, StringComparer.Ordinal).ToList());
        return ReportFormats.Respond(request, report, r => new ReportTable($"rectification-{r.Region}",
            ["region", "name", "open", "overdue", "rectified", "verified"],
            r.Children.Select(c => (IReadOnlyList<object?>)[c.Region, c.Name, c.Open, c.Overdue, c.Rectified, c.Verified]).ToList()));
    }

    private static async Task<IResult> ResponsibilityAsync(string region, string? status, int? limit, string? after, HttpRequest request,
        IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct)
    {
        var code = DivisionCode.Parse(region);
        ProblemStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!ProblemStatuses.TryParse(status, out var s)) return Problems.Invalid("The list was not made.", [new($"'{status}' is not a status; use open, rectified or verified", Field: "status")]);
            wanted = s;
        }
        if (!Paging.TryRead(limit, after, out var size, out var cursor, out var error)) return Problems.Invalid(error!.Message, [error]);
        if (await regions.GetAsync(code, ct) is null) return Problems.NotFound($"No region {code} is stored.");
        var problems = await InRegionAsync(code, wanted, null, grains, regions, fanOut, ct);
        // Village names from the region tree, one read per county that has problems.
        var names = new Dictionary<string, string>();
        foreach (var county in problems.Select(p => ICountyProblemsGrain.CountyOf(p.Village)).Distinct())
            foreach (var v in await regions.DescendantsAsync(DivisionCode.Parse(county), RegionLevel.Village, ct)) names[v.Code] = v.Name;
        var rows = problems
            .OrderBy(p => p.Deadline).ThenBy(p => p.Village, StringComparer.Ordinal).ThenBy(p => p.Id, ProblemIds.Comparer)
            .Select(p => new ResponsibilityItem(p.Village, names.GetValueOrDefault(p.Village, ""), p.Id, p.Category, p.Description, p.Severity.ToWire(),
                p.Responsible, ProblemResponse.Date(p.Deadline), p.Status.ToWire(), p.Overdue))
            .ToList();
        var skip = cursor is null ? 0 : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : -1;
        if (skip < 0) return Problems.Invalid("after is not a cursor this service returned", [new("after is not a cursor this service returned", Field: "after")]);
        var page = new Page<ResponsibilityItem>(rows.Skip(skip).Take(size).ToList(),
            Paging.Cursor(skip + size < rows.Count ? (skip + size).ToString(CultureInfo.InvariantCulture) : null));
        // The spreadsheet is the whole list (it is printed and handed out); JSON is paged like every list.
        return ReportFormats.Respond(request, page, _ => new ReportTable($"responsibility-{code.Value}",
            ["village", "name", "problem", "category", "description", "severity", "responsible", "deadline", "status", "overdue"],
            rows.Select(r => (IReadOnlyList<object?>)[r.Village, r.Name, r.Problem, r.Category, r.Description, r.Severity, r.Responsible, r.Deadline, r.Status, r.Overdue ? "yes" : "no"]).ToList()));
    }

    /// <summary>The problems of a region in scope: its county's grain, or every county's below it, asked a bounded number at a time.</summary>
    private static async Task<IReadOnlyList<ProblemView>> InRegionAsync(DivisionCode code, ProblemStatus? status, bool? overdue,
        IGrainFactory grains, RegionStore regions, FanOut fanOut, CancellationToken ct)
    {
        if (code.Level >= RegionLevel.County) return await County(grains, code.Value).ListAsync(code.Prefix, status, overdue);
        var counties = await regions.DescendantsAsync(code, RegionLevel.County, ct);
        var lists = await fanOut.EachAsync(counties, c => County(grains, c.Code).ListAsync(DivisionCode.Parse(c.Code).Prefix, status, overdue), ct);
        return lists.SelectMany(l => l).OrderBy(p => p.Id, ProblemIds.Comparer).ToList();
    }

    private static DivisionCode? RegionOf(string? region, Actor actor) =>
        string.IsNullOrEmpty(region) ? actor.Region : DivisionCode.Parse(region); // RequireScope has checked it

    private static Results<Ok<Page<ProblemResponse>>, ProblemHttpResult> PageOf(List<ProblemResponse> items, int? limit, string? after)
    {
        if (!Paging.TryRead(limit, after, out var size, out var cursor, out var error)) return Problems.Invalid(error!.Message, [error]);
        // Ordered by id; the cursor is the last id of the page.
        var rest = cursor is null ? items : items.Where(p => ProblemIds.IsValid(cursor) && ProblemIds.Comparer.Compare(p.Id, cursor) > 0).ToList();
        var page = rest.Take(size).ToList();
        return TypedResults.Ok(new Page<ProblemResponse>(page, Paging.Cursor(rest.Count > size ? page[^1].Id : null)));
    }

    private static RectificationChild Child(string region, string name, IEnumerable<ProblemView> problems)
    {
        var c = problems.Aggregate(RectificationCounts.Zero, (c, p) => c.Add(p.Status, p.Overdue));
        return new RectificationChild(region, name, c.Open, c.Overdue, c.Rectified, c.Verified);
    }

    private static async Task<byte[]> ReadFileAsync(Stream body, long? length, CancellationToken ct)
    {
        if (length > MaxFileBytes) throw new BodyTooLargeException(MaxFileBytes);
        using var buffer = new MemoryStream(length is { } n ? (int)n : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes) throw new BodyTooLargeException(MaxFileBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static async Task<ProblemView> FindAsync(IGrainFactory grains, string id) =>
        await Problem(grains, id).GetAsync(id) ?? throw Refused.NotFound($"No problem {id} is recorded.");

    private static ICountyProblemsGrain Problem(IGrainFactory grains, string id) => County(grains, ProblemIds.VillageOf(id));

    private static ICountyProblemsGrain County(IGrainFactory grains, string code) =>
        grains.GetGrain<ICountyProblemsGrain>(ICountyProblemsGrain.CountyOf(code));

    /// <summary>
    /// The problem named by the route's <c>{id}</c> must be a problem id whose village lies in the
    /// caller's region: 404 for what cannot be a problem id, 403 outside the region.
    /// </summary>
    private static TBuilder RequireProblemScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var id = context.HttpContext.Request.RouteValues["id"] as string;
            if (!ProblemIds.IsValid(id) || !DivisionCode.TryParse(ProblemIds.VillageOf(id!), out var village, out _) || village.Value.Level != RegionLevel.Village)
                return Problems.NotFound($"No problem {id} is recorded: a problem's id is its village's code and its number, e.g. 370322102201-1.");
            var actor = context.HttpContext.Actor();
            if (!actor.Reaches(village.Value))
                return Problems.Forbidden($"Problem {id} belongs to village {village}, outside your region {actor.Region?.Value ?? "(none)"}.");
            return await next(context);
        });
    }
}
