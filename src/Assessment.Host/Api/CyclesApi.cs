using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Csv;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Assessment.Host.Api;

public sealed record IndicatorBody(
    string? Code, string? NameZh, string? NameEn, string? Category, string? Kind,
    decimal? Floor, decimal? Target, decimal? Weight, decimal? Min, decimal? Max, bool? Whole)
{
    public static IndicatorBody From(Indicator i) => new(i.Code, i.NameZh, i.NameEn, i.Category, i.Kind.ToString().ToLowerInvariant(),
        i.Floor, i.Target, i.Weight, i.Min, i.Max, i.Kind == IndicatorKind.Number ? i.Whole : null);
}

public sealed record CreateCycleBody(string? Id, DateTimeOffset? ClosesAt, Thresholds? Thresholds, List<IndicatorBody>? Catalog, string? Province);
public sealed record CycleCounts(int Villages, int Computed, int Movements, int Decided);
public sealed record CycleResponse(string Id, string Phase, DateTimeOffset? ClosesAt, Thresholds Thresholds, CycleCounts Counts, string Province, string? Work)
{
    public static CycleResponse From(CycleView v) => new(v.Id, v.Phase.ToString(), v.ClosesAt, v.Thresholds,
        new CycleCounts(v.Counts.Villages, v.Counts.Computed, v.Counts.Movements, v.Counts.Decided), v.Province,
        v.Work == CycleWork.None ? null : v.Work.ToString().ToLowerInvariant());
}
public sealed record PhaseResponse(string Id, string Phase);
public sealed record IndicatorValuesBody(Dictionary<string, JsonElement>? Values, string? Note);
public sealed record AcceptedResponse(string Village, int Accepted);
public sealed record IndicatorImportResponse(int Rows, int Villages);

public static partial class CyclesApi
{
    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex CycleId();

    public static void MapCyclesApi(this WebApplication app)
    {
        var cycles = app.MapGroup("/api/cycles");

        cycles.MapPost("", async Task<Results<Created<PhaseResponse>, ProblemHttpResult>> (CreateCycleBody body, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
        {
            var errors = new List<ValidationError>();
            var province = await ProvinceOfAsync(body.Province, http.Actor(), regions, errors, ct);
            if (body.Id is null || !CycleId().IsMatch(body.Id)) errors.Add(new($"'{body.Id}' is not a cycle id: use the year, e.g. \"2024\"", Field: "id"));
            var thresholds = body.Thresholds ?? Thresholds.Default;
            errors.AddRange(thresholds.Validate());
            var catalog = body.Catalog is null ? IndicatorCatalog.Default : ReadCatalog(body.Catalog, errors);
            if (body.Catalog is not null) errors.AddRange(catalog.Validate());
            if (errors.Count > 0) return Problems.Invalid("The cycle was not created.", errors);

            var change = await grains.GetGrain<ICycleGrain>(body.Id!).CreateAsync(new CycleSettings(body.ClosesAt, thresholds, catalog.Indicators, province!), http.Actor().Username);
            if (change.Conflict is not null) return Problems.Conflict(change.Conflict);
            return TypedResults.Created($"/api/cycles/{body.Id}", new PhaseResponse(change.Cycle!.Id, change.Cycle.Phase.ToString()));
        }).RequireRoles(Role.Province, Role.Admin);

        cycles.MapGet("/{id}", async Task<Results<Ok<CycleResponse>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            var view = await grains.GetGrain<ICycleGrain>(id).GetAsync();
            if (view is null) return NoCycle(id);
            return TypedResults.Ok(CycleResponse.From(view));
        }).RequireUser();

        cycles.MapGet("/{id}/catalog", async Task<Results<Ok<Page<IndicatorBody>>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            var view = await grains.GetGrain<ICycleGrain>(id).GetAsync();
            if (view is null) return NoCycle(id);
            return TypedResults.Ok(new Page<IndicatorBody>(view.Catalog.Select(IndicatorBody.From).ToList(), null));
        }).RequireUser();

        cycles.MapPost("/{id}/freeze", (string id, HttpContext http, IGrainFactory grains) =>
            PhaseChangeAsync(id, http.Actor(), grains, g => g.FreezeAsync(http.Actor().Username))).RequireRoles(Role.Province, Role.Admin);

        cycles.MapPost("/{id}/reopen", (string id, HttpContext http, IGrainFactory grains) =>
            PhaseChangeAsync(id, http.Actor(), grains, g => g.ReopenAsync(http.Actor().Username))).RequireRoles(Role.Province, Role.Admin);

        cycles.MapPost("/{id}/villages/{code}/indicators", async Task<Results<Ok<AcceptedResponse>, ProblemHttpResult>> (
            string id, string code, IndicatorValuesBody body, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
        {
            if (await grains.GetGrain<ICycleGrain>(id).GetAsync() is null) return NoCycle(id);
            var village = DivisionCode.Parse(code);
            if (village.Level != RegionLevel.Village || await regions.GetAsync(village, ct) is null)
                return Problems.NotFound($"No village {code} is stored: import it with the region file first.");
            var values = (body.Values ?? []).ToDictionary(v => v.Key, v => v.Value.ValueKind switch
            {
                JsonValueKind.Number => new EnteredValue(v.Value.GetDecimal(), null, null),
                JsonValueKind.True or JsonValueKind.False => new EnteredValue(null, v.Value.GetBoolean(), null),
                _ => new EnteredValue(null, null, v.Value.GetRawText()),
            });
            var ledger = grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(id, village.County!.Value.Value));
            var write = await ledger.SubmitAsync(code, values, body.Note, http.Actor().Username);
            if (write.Conflict is not null) return Problems.Conflict(write.Conflict);
            if (write.Errors.Count > 0) return Problems.Invalid($"Nothing was saved for village {code}: {write.Errors.Count} {(write.Errors.Count == 1 ? "value is" : "values are")} invalid.", write.Errors);
            return TypedResults.Ok(new AcceptedResponse(code, write.Rows));
        }).RequireRoles(Role.County, Role.Admin).RequireScope("code");

        cycles.MapPost("/{id}/indicators:import", async Task<Results<Ok<IndicatorImportResponse>, ProblemHttpResult>> (
            string id, HttpRequest request, HttpContext http, IGrainFactory grains, CancellationToken ct) =>
        {
            if (await grains.GetGrain<ICycleGrain>(id).GetAsync() is null) return NoCycle(id);
            var bytes = await Uploads.ReadBodyAsync(request, ct);
            var charset = Uploads.CsvCharset(request);
            var table = CsvText.Read(bytes, charset);
            var actor = http.Actor();
            var county = actor.Role == Role.County ? actor.Region : CountyOfFirstVillage(table);
            if (county is null) return Problems.Invalid("The file names no village whose county could be told.", [new("no valid village code in the file", Row: 2, Column: "village")]);

            var hash = Convert.ToHexString(SHA256.HashData([.. bytes, .. System.Text.Encoding.ASCII.GetBytes("|" + (charset ?? "utf-8"))]));
            var write = await grains.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(id, county.Value.Value)).ImportAsync(hash, table, actor.Username);
            if (write.Conflict is not null) return Problems.Conflict(write.Conflict);
            if (write.Errors.Count > 0) return Problems.Invalid(Problems.Summary(write.Errors), write.Errors.OrderBy(e => e.Row));
            return TypedResults.Ok(new IndicatorImportResponse(write.Rows, write.Villages));
        }).RequireRoles(Role.County, Role.Admin).Accepts<string>("text/csv");
    }

    private static async Task<Results<Ok<PhaseResponse>, ProblemHttpResult>> PhaseChangeAsync(string id, Actor actor, IGrainFactory grains, Func<ICycleGrain, Task<CycleChange>> change)
    {
        var grain = grains.GetGrain<ICycleGrain>(id);
        if (await grain.GetAsync() is not { } cycle) return NoCycle(id);
        if (OutsideProvince(actor, cycle) is { } outside) return outside;
        var result = await change(grain);
        if (result.Conflict is not null) return Problems.Conflict(result.Conflict);
        return TypedResults.Ok(new PhaseResponse(id, result.Cycle!.Phase.ToString()));
    }

    /// <summary>
    /// The province a cycle rates: the one named, else the creator's own (a province user), else the
    /// only one stored; else it is left open ("") and settled when the cycle is computed.
    /// </summary>
    public static async Task<string?> ProvinceOfAsync(string? named, Actor actor, RegionStore regions, List<ValidationError> errors, CancellationToken ct)
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

    /// <summary>A province user acts on its own province's cycles only.</summary>
    public static ProblemHttpResult? OutsideProvince(Actor actor, CycleView cycle) =>
        cycle.Province == "" || actor.Reaches(DivisionCode.Parse(cycle.Province)) ? null : Problems.Forbidden($"Cycle {cycle.Id} rates province {cycle.Province}, outside your region {actor.Region}.");

    public static ProblemHttpResult NoCycle(string id) => Problems.NotFound($"No cycle {id} exists; the province creates it with POST /api/cycles.");

    private static DivisionCode? CountyOfFirstVillage(CsvTable table)
    {
        var column = table.Columns(IndicatorFile.RequiredColumns, IndicatorFile.OptionalColumns)["village"];
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
            if (!Enum.TryParse<IndicatorKind>(b.Kind, ignoreCase: true, out var kind) || int.TryParse(b.Kind, out _))
            {
                errors.Add(new($"'{b.Kind}' is not a kind; use number, boolean or veto", Field: $"catalog[{n}].kind"));
                continue;
            }
            indicators.Add(new Indicator(b.Code ?? "", b.NameZh ?? "", b.NameEn ?? "", b.Category ?? "", kind, b.Weight ?? 0,
                b.Floor, b.Target, b.Min, b.Max, b.Whole ?? false));
        }
        return new IndicatorCatalog(indicators);
    }
}
