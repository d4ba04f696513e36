using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Csv;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Domain.Review;
using Assessment.Domain.Notice;
using Assessment.Domain.Targets;
using Assessment.Host.Auth;
using Assessment.Host.Spreadsheets;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

/// <summary>
/// Every <c>/api/cycles</c> endpoint: the cycle and its phases, indicator data, and the yearly
/// re-rating (compute, assessments, movements and decisions, simulate, publish). The handlers
/// translate HTTP to grain calls; the grains hold the rules and refuse with <see cref="Refused"/>,
/// which <see cref="ProblemExceptionHandler"/> turns into problem responses.
/// </summary>
public static partial class CyclesApi
{
    public static void MapCyclesApi(this WebApplication app)
    {
        var cycles = app.MapGroup("/api/cycles");

        cycles.MapPost("", CreateAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapGet("/{id}", GetAsync).RequireUser();
        cycles.MapGet("/{id}/catalog", GetCatalogAsync).RequireUser();
        cycles.MapPost("/{id}/freeze", FreezeAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapPost("/{id}/reopen", ReopenAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapPost("/{id}/villages/{code}/indicators", EnterValuesAsync).RequireRoles(Role.County, Role.Admin).RequireScope("code");
        cycles.MapPost("/{id}/indicators:import", ImportAsync).RequireRoles(Role.County, Role.Admin).Accepts<string>("text/csv", ReportFormats.Xlsx);
        cycles.MapGet("/{id}/template", TemplateAsync).RequireRoles(Role.County, Role.City, Role.Province, Role.Admin).RequireScope("county")
            .Produces<byte[]>(StatusCodes.Status200OK, ReportFormats.Xlsx);
        cycles.MapPost("/{id}/compute", ComputeAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapGet("/{id}/villages/{code}/assessment", GetAssessmentAsync).RequireScope("code");
        cycles.MapGet("/{id}/movements", ListMovementsAsync).RequireRoles(Role.Province, Role.City, Role.County, Role.Admin).RequireScope("region", optional: true);
        cycles.MapPost("/{id}/movements/{village}/decision", DecideAsync).RequireRoles(Role.Province, Role.Admin).RequireScope("village");
        cycles.MapPost("/{id}/movements:decide", DecideAllAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapPost("/{id}/simulate", SimulateAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapPost("/{id}/publish", PublishAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapPost("/{id}/notice", StartNoticeAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapPost("/{id}/notice:withdraw", WithdrawNoticeAsync).RequireRoles(Role.Province, Role.Admin);
        cycles.MapGet("/{id}/objections", NoticeApi.ListObjectionsAsync).RequireRoles(Role.Province, Role.City, Role.County, Role.Admin).RequireScope("region", optional: true);
        cycles.MapPut("/{id}/targets/{region}", SetTargetAsync).RequireRoles(Role.Province, Role.City, Role.Admin).RequireScope("region");
    }

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex CycleId();

    private static async Task<Results<Created<PhaseResponse>, ProblemHttpResult>> CreateAsync(
        CreateCycleBody body, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        var province = await ProvinceOfAsync(body.Province, http.Actor(), regions, errors, ct);
        if (body.Id is null || !CycleId().IsMatch(body.Id)) errors.Add(new($"'{body.Id}' is not a cycle id: use the year, e.g. \"2024\"", Field: "id"));
        var thresholds = body.Thresholds ?? Thresholds.Default;
        errors.AddRange(PublicNotice.ValidateDays(body.NoticeDays ?? 0));
        errors.AddRange(thresholds.Validate());
        var catalog = body.Catalog is null ? IndicatorCatalog.Default : ReadCatalog(body.Catalog, errors);
        if (body.Catalog is not null) errors.AddRange(catalog.Validate());
        if (errors.Count > 0) return Problems.Invalid("The cycle was not created.", errors);

        var cycle = await grains.GetGrain<ICycleGrain>(body.Id!).CreateAsync(new CycleSettings(body.ClosesAt, thresholds, catalog.Indicators, province!, body.NoticeDays ?? 0), http.Actor().Username);
        return TypedResults.Created($"/api/cycles/{body.Id}", new PhaseResponse(cycle.Id, cycle.Phase.ToString()));
    }

    private static async Task<Ok<CycleResponse>> GetAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(CycleResponse.From(await CycleAsync(grains, id)));

    private static async Task<Ok<Page<IndicatorBody>>> GetCatalogAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(new Page<IndicatorBody>((await CycleAsync(grains, id)).Catalog.Select(IndicatorBody.From).ToList(), null));

    private static async Task<Ok<PhaseResponse>> FreezeAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var grain = await CycleInScopeAsync(grains, id, http.Actor());
        return Phase(await grain.FreezeAsync(http.Actor().Username));
    }

    private static async Task<Ok<PhaseResponse>> ReopenAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var grain = await CycleInScopeAsync(grains, id, http.Actor());
        return Phase(await grain.ReopenAsync(http.Actor().Username));
    }

    private static async Task<Ok<AcceptedResponse>> EnterValuesAsync(string id, string code, IndicatorValuesBody body, HttpContext http, IGrainFactory grains)
    {
        var village = DivisionCode.Parse(code);
        if (village.Level != RegionLevel.Village) throw Refused.NotFound($"{code} is a {village.Level.ToWire()}, not a village.");
        var values = (body.Values ?? []).ToDictionary(v => v.Key, v => v.Value.ValueKind switch
        {
            JsonValueKind.Number when v.Value.TryGetDecimal(out var number) => new EnteredValue(number, null, null),
            JsonValueKind.True or JsonValueKind.False => new EnteredValue(null, v.Value.GetBoolean(), null),
            _ => new EnteredValue(null, null, v.Value.GetRawText()),
        });
        var write = await grains.GetGrain<IVillageGrain>(code).EnterAsync(id, values, body.Note, http.Actor().Username);
        return TypedResults.Ok(new AcceptedResponse(code, write.Rows));
    }

    private static async Task<Ok<IndicatorImportResponse>> ImportAsync(string id, HttpRequest request, HttpContext http, IGrainFactory grains, CancellationToken ct)
    {
        var write = await ImportIndicatorsAsync(grains, id, http.Actor(), request.ContentType, request.Body, request.ContentLength, ct);
        return TypedResults.Ok(new IndicatorImportResponse(write.Rows, write.Villages));
    }

    /// <summary>
    /// A county's indicator file, as the API's import and the upload page both send it: the body with its content
    /// type, written through the county's ledger writer (all or nothing, every bad row named in the refusal).
    /// An XLSX workbook is read here (the grain takes its table); a CSV file goes to the grain as sent.
    /// </summary>
    internal static async Task<LedgerWrite> ImportIndicatorsAsync(IGrainFactory grains, string cycle, Actor actor, string? contentType, Stream body, long? length, CancellationToken ct)
    {
        var xlsx = Uploads.IsXlsx(contentType);
        var charset = xlsx ? null : Uploads.CsvCharset(contentType);
        var bytes = await Uploads.ReadBodyAsync(body, length, ct);
        var table = xlsx ? XlsxReader.Read(bytes) : null;
        // A county officer's file is its county's; the admin's goes to the county of its first village.
        var county = actor.Role == Role.County ? actor.Region : CountyOfFirstVillage(table ?? CsvText.Read(bytes, charset));
        if (county is null) throw Refused.Invalid("The file names no village whose county could be told.", [new("no valid village code in the file", Row: 2, Column: "village")]);
        var ledger = grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county.Value.Value));
        return table is null ? await ledger.ImportAsync(bytes, charset, actor.Username) : await ledger.ImportTableAsync(table, actor.Username);
    }

    /// <summary>
    /// A county's XLSX template for the cycle (填报模板): its villages, a column per indicator with the
    /// current values filled in; the same file filled in is an import in the wide layout.
    /// </summary>
    internal static async Task<IResult> TemplateAsync(string id, string county, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        var code = DivisionCode.Parse(county);
        if (code.Level != RegionLevel.County) return Problems.NotFound($"{county} is a {code.Level.ToWire()}, not a county: a template is made for one county.");
        var cycle = await CycleAsync(grains, id);
        if (await regions.GetAsync(code, ct) is null) return Problems.NotFound($"No county {county} is stored; import it with the region file first.");
        var townships = (await regions.DescendantsAsync(code, RegionLevel.Township, ct)).ToDictionary(t => t.Code, t => t.Name);
        var villages = (await regions.DescendantsAsync(code, RegionLevel.Village, ct))
            .OrderBy(v => v.Code, StringComparer.Ordinal)
            .Select(v => new TemplateVillage(v.Code, townships.GetValueOrDefault(v.ParentCode ?? "", v.ParentCode ?? ""), v.Name))
            .ToList();
        var current = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(id, county)).GetValuesAsync();
        var file = IndicatorTemplate.Write(id, county, new IndicatorCatalog(cycle.Catalog), villages, current.Villages);
        return Results.File(file, ReportFormats.Xlsx, $"template-{id}-{county}.xlsx");
    }

    private static async Task<Accepted<CycleResponse>> ComputeAsync(string id, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        var started = await StartComputeAsync(grains, regions, id, http.Actor(), ct);
        return TypedResults.Accepted($"/api/cycles/{id}", CycleResponse.From(started));
    }

    /// <summary>Starts computing (the API and the cycle page): a cycle created without a province gets the caller's.</summary>
    internal static async Task<CycleView> StartComputeAsync(IGrainFactory grains, RegionStore regions, string id, Actor actor, CancellationToken ct)
    {
        var grain = await CycleInScopeAsync(grains, id, actor);
        var cycle = await grain.GetAsync();
        var province = cycle!.Province == "" ? await ProvinceOfAsync(null, actor, regions, [], ct) : null;
        return await grain.ComputeAsync(actor.Username, province is "" ? null : province);
    }

    private static async Task<Ok<AssessmentResponse>> GetAssessmentAsync(string id, string code, IGrainFactory grains)
    {
        var village = DivisionCode.Parse(code);
        if (village.Level != RegionLevel.Village) throw Refused.NotFound($"{code} is a {village.Level.ToWire()}, not a village.");
        var cycle = await ProposalsAsync(grains, id);
        var assessment = await grains.GetGrain<IVillageGrain>(code).GetAssessmentAsync(id)
            ?? throw Refused.NotFound($"Village {code} was not rated in cycle {id}{(DivisionCode.Parse(cycle.Province).Contains(village) ? "" : $": it is not in province {cycle.Province}")}.");
        return TypedResults.Ok(AssessmentResponse.From(assessment));
    }

    private static async Task<Results<Ok<Page<MovementResponse>>, ProblemHttpResult>> ListMovementsAsync(
        string id, string? region, string? direction, bool? decided, int? limit, string? after, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        if (!Paging.TryRead(limit, after, out var size, out var afterVillage, out var error)) return Problems.Invalid(error!.Message, [error]);
        if (afterVillage is not null && !DivisionCode.IsValid(afterVillage)) throw Paging.NotACursor();
        if (!TryDirection(direction, out var dir)) return Problems.BadRequest($"'{direction}' is not a direction; use {Words.Choices<Direction>()}.", "direction");
        var cycle = await ProposalsAsync(grains, id);
        if (region is not null && await regions.GetAsync(DivisionCode.Parse(region), ct) is null) throw Refused.NotFound($"No region {region} is stored.");
        var scope = region is null ? http.Actor().Region ?? DivisionCode.Parse(cycle.Province) : DivisionCode.Parse(region);
        var filter = new MovementFilter(scope.Level > RegionLevel.County ? scope.Prefix : null, dir, decided);
        var (items, next) = await MovementPageAsync(grains, cycle, scope, filter, afterVillage, size);
        return TypedResults.Ok(new Page<MovementResponse>(items.Select(MovementResponse.From).ToList(), Paging.Cursor(next)));
    }

    /// <summary>
    /// One page of movements in <paramref name="scope"/> (the API's list and the review page): county by county in code
    /// order, each county filtering its own, so a page reads only as far as it needs. <c>Next</c> is the last village shown when more follow.
    /// </summary>
    internal static async Task<(IReadOnlyList<MovementView> Items, string? Next)> MovementPageAsync(
        IGrainFactory grains, CycleView cycle, DivisionCode scope, MovementFilter filter, string? afterVillage, int size)
    {
        var items = new List<MovementView>(size);
        foreach (var county in CountiesOf(cycle, scope).Where(c => afterVillage is null || string.CompareOrdinal(c, afterVillage[..6]) >= 0))
        {
            items.AddRange(await County(grains, cycle.Id, county).ListAsync(filter, afterVillage, size + 1 - items.Count));
            if (items.Count > size) break;
        }
        return (items.Take(size).ToList(), items.Count > size ? items[size - 1].Village : null);
    }

    private static async Task<Results<Ok<MovementResponse>, ProblemHttpResult>> DecideAsync(string id, string village, DecisionBody body, HttpContext http, IGrainFactory grains)
    {
        var code = DivisionCode.Parse(village);
        var errors = new List<ValidationError>();
        if (!Words.TryParse<Decision>(body.Decision, out var decision)) errors.Add(new($"'{body.Decision}' is not a decision; use {Words.Choices<Decision>()}", Field: "decision"));
        Tier? tier = null;
        if (body.Tier is not null)
        {
            if (Tiers.TryParse(body.Tier, out var t)) tier = t;
            else errors.Add(new($"'{body.Tier}' is not a tier; use {Words.Choices<Tier>()}", Field: "tier"));
        }
        if (errors.Count > 0) return Problems.Invalid("The decision was not taken.", errors);
        var movement = await DecideOneAsync(grains, id, http.Actor(), new DecisionOrder(village, decision, tier, body.Reason, http.Actor().Username));
        return TypedResults.Ok(MovementResponse.From(movement));
    }

    /// <summary>One village's decision (the API and the review page), while the cycle's decisions may change.</summary>
    internal static async Task<MovementView> DecideOneAsync(IGrainFactory grains, string id, Actor actor, DecisionOrder order)
    {
        await DecidableAsync(grains, id, actor);
        var code = DivisionCode.Parse(order.Village);
        return await County(grains, id, code.County!.Value.Value).DecideAsync(order);
    }

    private static async Task<Results<Ok<BulkDecisionResponse>, ProblemHttpResult>> DecideAllAsync(string id, BulkDecisionBody body, HttpContext http, IGrainFactory grains)
    {
        var errors = new List<ValidationError>();
        if (!Words.TryParse<Decision>(body.Decision, out var decision) || decision == Decision.Override)
            errors.Add(new($"'{body.Decision}' cannot be decided in bulk; use approve or reject (an override is one village at a time, with its reason)", Field: "decision"));
        if (!TryDirection(body.Direction, out var dir)) errors.Add(new($"'{body.Direction}' is not a direction; use {Words.Choices<Direction>()}", Field: "direction"));
        DivisionCode? region = null;
        if (body.Region is not null)
        {
            if (DivisionCode.TryParse(body.Region, out var r, out var reason)) region = r;
            else errors.Add(new(reason!, Field: "region"));
        }
        if (errors.Count > 0) return Problems.Invalid("Nothing was decided.", errors);
        var outcome = await DecideInBulkAsync(grains, id, http.Actor(), decision, region, new MovementFilter(null, dir, false));
        return TypedResults.Ok(new BulkDecisionResponse(outcome.Decided, outcome.Skipped));
    }

    /// <summary>
    /// Decides every undecided movement in the region (default: the cycle's province) that matches the filter's direction
    /// and score band (the API and the review page); the cycle grain asks its counties.
    /// </summary>
    internal static async Task<BulkOutcome> DecideInBulkAsync(IGrainFactory grains, string id, Actor actor, Decision decision, DivisionCode? region, MovementFilter filter)
    {
        if (region is { } scope && !actor.Reaches(scope)) throw Refused.Forbidden($"{scope} lies outside your region {actor.Region}.");
        var cycle = await CycleInScopeAsync(grains, id, actor);
        return await cycle.DecideAllAsync(decision, region?.Value, filter, actor.Username);
    }

    private static async Task<Results<Ok<SimulationResponse>, ProblemHttpResult>> SimulateAsync(string id, SimulateBody body, HttpContext http, IGrainFactory grains, FanOut fanOut)
    {
        if (body.Thresholds is null) return Problems.Invalid("Send the thresholds to try.", [new("thresholds are required", Field: "thresholds")]);
        var t = await SimulateAllAsync(grains, fanOut, id, http.Actor(), body.Thresholds);
        return TypedResults.Ok(new SimulationResponse(t.Up, t.Down, t.Initial, t.Unchanged, new TierNumbers(t.Demonstration, t.Excellence, t.Foundation)));
    }

    /// <summary>What the proposals would be under other thresholds, province-wide (the API and the what-if panel); changes nothing.</summary>
    internal static async Task<SimulationTally> SimulateAllAsync(IGrainFactory grains, FanOut fanOut, string id, Actor actor, Thresholds thresholds)
    {
        var invalid = thresholds.Validate();
        if (invalid.Count > 0) throw Refused.Invalid("These thresholds cannot be used.", invalid);
        var cycle = WithProposals(await ViewInScopeAsync(grains, id, actor));
        var tallies = await fanOut.EachAsync(cycle.Counties, c => County(grains, id, c).SimulateAsync(thresholds));
        return tallies.Aggregate(SimulationTally.Zero, (a, b) => a + b);
    }

    /// <summary>Publishing runs county by county in the cycle grain: 202, and the cycle's phase becomes Published when done.</summary>
    private static async Task<Accepted<PhaseResponse>> PublishAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var grain = await CycleInScopeAsync(grains, id, http.Actor());
        var cycle = await grain.PublishAsync(http.Actor().Username);
        return TypedResults.Accepted($"/api/cycles/{id}", new PhaseResponse(id, cycle.Phase.ToString()));
    }

    /// <summary>Starts the public notice (公示): every movement decided; the cycle shows it for noticeDays.</summary>
    private static async Task<Ok<NoticeResponse>> StartNoticeAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var grain = await CycleInScopeAsync(grains, id, http.Actor());
        var cycle = await grain.StartNoticeAsync(http.Actor().Username);
        return TypedResults.Ok(new NoticeResponse(id, cycle.Phase.ToString(), cycle.NoticeFrom, cycle.NoticeUntil));
    }

    private static async Task<Ok<PhaseResponse>> WithdrawNoticeAsync(string id, HttpContext http, IGrainFactory grains)
    {
        var grain = await CycleInScopeAsync(grains, id, http.Actor());
        return Phase(await grain.WithdrawNoticeAsync(http.Actor().Username));
    }

    /// <summary>The province sets its own and its cities' targets, a city its counties' (RequireScope has checked the region is the caller's).</summary>
    private static async Task<Results<Ok<TargetResponse>, ProblemHttpResult>> SetTargetAsync(string id, string region, TargetBody? body, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct)
    {
        var code = DivisionCode.Parse(region);
        if (Target.WhyNotSet(http.Actor(), code) is { } why) return Problems.Forbidden(why);
        if (body is null) return Problems.Invalid("Send the targets.", [new("name at least one target", Field: "demonstrationShare")]);
        var target = body.ToTarget();
        await SetTargetInAsync(grains, regions, id, http.Actor(), code, target, ct);
        return TypedResults.Ok(new TargetResponse(id, code.Value, TargetBody.From(target)));
    }

    /// <summary>Sets a region's targets (the API and the targets page), when the caller may and the region is the cycle's.</summary>
    internal static async Task SetTargetInAsync(IGrainFactory grains, RegionStore regions, string id, Actor actor, DivisionCode code, Target target, CancellationToken ct)
    {
        if (Target.WhyNotSet(actor, code) is { } why) throw Refused.Forbidden(why);
        var errors = target.Validate();
        if (errors.Count > 0) throw Refused.Invalid($"The targets of {code} were not set.", errors);
        // A city officer sets targets in a province's cycle: the region, not the cycle, must be the caller's.
        var cycle = await CycleAsync(grains, id);
        if (cycle.Province != "" && !DivisionCode.Parse(cycle.Province).Contains(code))
            throw Refused.Invalid($"Cycle {id} rates province {cycle.Province}; {code} is not in it.", [new($"{code} is outside province {cycle.Province}", Field: "region")]);
        if (await regions.GetAsync(code, ct) is null) throw Refused.NotFound($"No region {code} is stored.");
        await grains.GetGrain<ICycleGrain>(id).SetTargetAsync(code.Value, target, actor.Username);
    }

    /// <summary>
    /// The province a cycle rates: the one named, else the creator's own (a province user), else the
    /// only one stored; else it is left open ("") and settled when the cycle is computed.
    /// </summary>
    private static async Task<string?> ProvinceOfAsync(string? named, Actor actor, RegionStore regions, List<ValidationError> errors, CancellationToken ct)
    {
        if (named is not null)
        {
            if (!DivisionCode.TryParse(named, out var code, out var reason) || code.Value.Level != RegionLevel.Province)
                errors.Add(new(reason ?? $"{named} is not a province", Field: "province"));
            else if (!actor.Reaches(code.Value))
                errors.Add(new($"{named} lies outside your region {actor.Region}", Field: "province"));
            else if (await regions.GetAsync(code.Value, ct) is null)
                errors.Add(new($"no province {named} is stored: import the region file first", Field: "province"));
            else return code.Value.Value;
            return null;
        }
        if (actor.Region is { Level: RegionLevel.Province } own) return own.Value;
        var provinces = await regions.ProvincesAsync(ct);
        return provinces.Count == 1 ? provinces[0].Code : "";
    }

    internal static async Task<CycleView> CycleAsync(IGrainFactory grains, string id) =>
        await grains.GetGrain<ICycleGrain>(id).GetAsync() ?? throw NoCycle(id);

    /// <summary>The cycle's grain, when the cycle exists and lies in the user's region (a province user acts on its own province's cycles).</summary>
    internal static async Task<ICycleGrain> CycleInScopeAsync(IGrainFactory grains, string id, Actor actor)
    {
        await ViewInScopeAsync(grains, id, actor);
        return grains.GetGrain<ICycleGrain>(id);
    }

    /// <summary>The cycle, when it exists and lies in the user's region, asked for once.</summary>
    private static async Task<CycleView> ViewInScopeAsync(IGrainFactory grains, string id, Actor actor)
    {
        var cycle = await CycleAsync(grains, id);
        if (cycle.Province != "" && !actor.Reaches(DivisionCode.Parse(cycle.Province)))
            throw Refused.Forbidden($"Cycle {cycle.Id} rates province {cycle.Province}, outside your region {actor.Region}.");
        return cycle;
    }

    /// <summary>The cycle, when it has proposals to show (Computed or later).</summary>
    internal static async Task<CycleView> ProposalsAsync(IGrainFactory grains, string id) => WithProposals(await CycleAsync(grains, id));

    private static CycleView WithProposals(CycleView cycle) =>
        CycleSteps.WhyNoProposals(cycle.Id, cycle.Phase, cycle.Work, cycle.Counts.Computed, cycle.Counts.Villages) is { } why ? throw Refused.Conflict(why) : cycle;

    /// <summary>The cycle, when its movements may be decided: it has proposals, is not being published, and lies in the user's region.</summary>
    private static async Task<CycleView> DecidableAsync(IGrainFactory grains, string id, Actor actor)
    {
        var cycle = await ViewInScopeAsync(grains, id, actor);
        if (CycleSteps.WhyNotDecide(id, cycle.Phase, cycle.Work, cycle.Counts.Computed, cycle.Counts.Villages) is { } why) throw Refused.Conflict(why);
        return cycle;
    }

    internal static Refused NoCycle(string id) => Refused.NotFound($"No cycle {id} exists; the province creates it with POST /api/cycles.");

    private static Ok<PhaseResponse> Phase(CycleView cycle) => TypedResults.Ok(new PhaseResponse(cycle.Id, cycle.Phase.ToString()));

    internal static ICountyAssessmentGrain County(IGrainFactory grains, string cycle, string county) =>
        grains.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, county));

    /// <summary>The cycle's counties that lie in, or contain, <paramref name="region"/>.</summary>
    internal static IEnumerable<string> CountiesOf(CycleView cycle, DivisionCode region) =>
        cycle.Counties.Where(c => region.Overlaps(DivisionCode.Parse(c)));

    private static bool TryDirection(string? text, out Direction? direction)
    {
        direction = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!Words.TryParse<Direction>(text, out var d)) return false;
        direction = d;
        return true;
    }

    private static DivisionCode? CountyOfFirstVillage(CsvTable table)
    {
        var column = IndicatorFile.VillageColumn(table.Header) ?? table.Columns(IndicatorFile.RequiredColumns, IndicatorFile.OptionalColumns)["village"];
        foreach (var row in table.Rows)
        {
            if (DivisionCode.TryParse(row[column].Trim(), out var code, out _) && code.Value.County is { } county) return county;
        }
        return null;
    }

    private static IndicatorCatalog ReadCatalog(List<IndicatorBody> bodies, List<ValidationError> errors)
    {
        var indicators = new List<Indicator>();
        for (var n = 0; n < bodies.Count; n++)
        {
            var b = bodies[n];
            if (!Words.TryParse<IndicatorKind>(b.Kind, out var kind))
            {
                errors.Add(new($"'{b.Kind}' is not a kind; use {Words.Choices<IndicatorKind>()}", Field: $"catalog[{n}].kind"));
                continue;
            }
            indicators.Add(new Indicator(b.Code ?? "", b.NameZh ?? "", b.NameEn ?? "", b.Category ?? "", kind, b.Weight ?? 0,
                b.Floor, b.Target, b.Min, b.Max, b.Whole ?? false));
        }
        return new IndicatorCatalog(indicators);
    }
}
