using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Storage;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public sealed record TierEntryResponse(string Cycle, string Tier, decimal Score);

public sealed record VillageResponse(
    string Code, string Name, string CountyCode, string? Secretary, int? Members, string? Tier, IReadOnlyList<TierEntryResponse> History);

public static class VillagesApi
{
    public static void MapVillagesApi(this WebApplication app)
    {
        app.MapGet("/api/villages/{code}", async Task<Results<Ok<VillageResponse>, ProblemHttpResult>> (string code, IGrainFactory grains) =>
        {
            var c = DivisionCode.Parse(code);
            if (c.Level != RegionLevel.Village) return Problems.NotFound($"{code} is a {c.Level.ToWire()}, not a village.");
            var v = await grains.GetGrain<ICountyGrain>(c.County!.Value.Value).GetVillageAsync(code);
            if (v is null) return Problems.NotFound($"No village {code} is stored: import it with the region file.");
            return TypedResults.Ok(new VillageResponse(v.Code, v.Name, v.CountyCode, v.Secretary, v.Members, v.Tier?.ToWire(),
                v.History.Select(h => new TierEntryResponse(h.Cycle, h.Tier.ToWire(), h.Score)).ToList()));
        }).RequireScope("code");

        app.MapGet("/api/villages/{code}/ledger", async Task<Results<Ok<Page<LedgerEntryResponse>>, ProblemHttpResult>> (
            string code, string? cycle, int? limit, string? after, LedgerStore ledger, CancellationToken ct) =>
        {
            var village = DivisionCode.Parse(code);
            if (village.Level != RegionLevel.Village) return Problems.NotFound($"{code} is a {village.Level.ToWire()}, not a village.");
            if (!Paging.TryRead(limit, after, out var size, out var cursor, out var error)) return Problems.Invalid(error!.Message, [error]);
            // The ledger only grows, so the cursor is how many of the village's entries were returned already.
            var skip = 0;
            if (cursor is not null && (!int.TryParse(cursor, out skip) || skip < 0))
                return Problems.Invalid("after is not a cursor this service returned", [new ValidationError("after is not a cursor this service returned", Field: "after")]);
            var lines = await ledger.VillageLinesAsync(village.County!.Value.Value, code, cycle, ct);
            var items = lines.Skip(skip).Take(size)
                .Select(l => new LedgerEntryResponse(l.Cycle, l.Indicator, ToJson(l.Value), l.PreviousValue is null ? null : ToJson(l.PreviousValue), l.User, l.At, l.Note))
                .ToList();
            var next = skip + size < lines.Count ? (skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return TypedResults.Ok(new Page<LedgerEntryResponse>(items, Paging.Cursor(next)));
        }).RequireScope("code");
    }

    /// <summary>Stored text back to JSON: booleans as true/false, numbers as numbers.</summary>
    public static object ToJson(string stored)
    {
        var value = IndicatorValue.ParseStored(stored);
        return value.Number is { } n ? n : value.Flag!.Value;
    }
}

public sealed record LedgerEntryResponse(string Cycle, string Indicator, object Value, object? PreviousValue, string User, DateTimeOffset At, string? Note);
