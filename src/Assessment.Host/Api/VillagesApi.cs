using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Regions;
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
            var v = await grains.GetGrain<IVillageGrain>(code).GetAsync();
            if (v is null) return Problems.NotFound($"No village {code} is stored: import it with the region file.");
            return TypedResults.Ok(new VillageResponse(v.Code, v.Name, v.CountyCode, v.Secretary, v.Members, v.Tier?.ToWire(),
                v.History.Select(h => new TierEntryResponse(h.Cycle, h.Tier.ToWire(), h.Score)).ToList()));
        }).RequireScope("code");
    }
}
