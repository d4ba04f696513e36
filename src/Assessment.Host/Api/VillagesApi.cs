using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public sealed record TierEntryResponse(string Cycle, string Tier, decimal Score);

public sealed record VillageResponse(
    string Code, string Name, string CountyCode, string? Secretary, int? Members, string? Tier, IReadOnlyList<TierEntryResponse> History);

public sealed record LedgerEntryResponse(string Cycle, string Indicator, object Value, object? PreviousValue, string User, DateTimeOffset At, string? Note);

/// <summary><c>/api/villages/{code}</c>: one village, asked of its village grain.</summary>
public static class VillagesApi
{
    public static void MapVillagesApi(this WebApplication app)
    {
        var village = app.MapGroup("/api/villages/{code}");
        village.MapGet("", GetAsync).RequireScope("code");
        village.MapGet("/ledger", GetLedgerAsync).RequireScope("code");
    }

    private static async Task<Ok<VillageResponse>> GetAsync(string code, IGrainFactory grains)
    {
        var v = await Village(grains, code).GetAsync() ?? throw Refused.NotFound($"No village {code} is stored: import it with the region file.");
        return TypedResults.Ok(new VillageResponse(v.Code, v.Name, v.CountyCode, v.Secretary, v.Members, v.Tier?.ToWire(),
            v.History.Select(h => new TierEntryResponse(h.Cycle, h.Tier.ToWire(), h.Score)).ToList()));
    }

    private static async Task<Results<Ok<Page<LedgerEntryResponse>>, ProblemHttpResult>> GetLedgerAsync(string code, string? cycle, int? limit, string? after, IGrainFactory grains)
    {
        if (!Paging.TryRead(limit, after, out var size, out var cursor, out var error)) return Problems.Invalid(error!.Message, [error]);
        // The ledger only grows, so the cursor is how many of the village's entries were returned already.
        var skip = 0;
        if (cursor is not null && !int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out skip)) throw Paging.NotACursor();
        var page = await Village(grains, code).GetLedgerAsync(cycle, skip, size);
        var items = page.Entries
            .Select(e => new LedgerEntryResponse(e.Cycle, e.Indicator, IndicatorJson.Of(e.Value), e.PreviousValue is { } p ? IndicatorJson.Of(p) : null, e.User, e.At, e.Note))
            .ToList();
        return TypedResults.Ok(new Page<LedgerEntryResponse>(items, Paging.Cursor(page.More ? (skip + size).ToString(CultureInfo.InvariantCulture) : null)));
    }

    private static IVillageGrain Village(IGrainFactory grains, string code)
    {
        var village = DivisionCode.Parse(code);
        if (village.Level != RegionLevel.Village) throw Refused.NotFound($"{code} is a {village.Level.ToWire()}, not a village.");
        return grains.Get<IVillageGrain>(code);
    }
}
