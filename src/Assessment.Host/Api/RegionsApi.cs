using Assessment.Domain;
using Assessment.Abstractions;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public sealed record RegionResponse(string Code, string Name, string Level, string? ParentCode)
{
    public static RegionResponse From(RegionEntry r) => new(r.Code, r.Name, r.Level.ToWire(), r.ParentCode);
}

public sealed record ImportResponse(int Imported);

public static class RegionsApi
{

    public static void MapRegionsApi(this WebApplication app)
    {
        app.MapPost("/api/regions:import", async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> (
            HttpRequest request, RegionStore regions, IGrainFactory grains, FanOut fanOut, CancellationToken ct) =>
        {
            var table = await Uploads.ReadTableAsync(request, ct);
            var file = RegionFile.Read(table);
            var errors = file.Errors.ToList();
            var stored = await regions.ExistingAsync(RegionFile.ParentsOutsideFile(file.Records), ct);
            errors.AddRange(RegionFile.CheckStoredParents(file.Records, stored));
            if (errors.Count > 0)
            {
                return Problems.Invalid(ValidationError.Summary(errors), errors.OrderBy(e => e.Row));
            }

            // Regions first (in their parents' partitions), then the villages' profiles, county by county.
            await regions.UpsertAsync(file.Records.Select(r => new RegionEntry(r.Code.Value, r.Name, r.Level, r.Code.Parent?.Value)), ct);
            var counties = file.Records.Where(r => r.Level == RegionLevel.Village).GroupBy(r => r.Code.County!.Value.Value);
            await fanOut.EachAsync(counties, county => grains.GetGrain<ICountyGrain>(county.Key).SetProfilesAsync(
                county.Select(v => new VillageProfile(v.Code.Value, v.Code.Parent!.Value.Value, v.Name, v.Secretary, v.Members)).ToList()), ct);
            return TypedResults.Ok(new ImportResponse(file.Records.Count));
        }).RequireRoles(Role.Admin).Accepts<string>("text/csv", ReportFormats.Xlsx);

        app.MapGet("/api/regions/{code}", async Task<Results<Ok<RegionResponse>, ProblemHttpResult>> (string code, RegionStore regions, CancellationToken ct) =>
        {
            if (!DivisionCode.TryParse(code, out var c, out var reason)) return Problems.BadRequest(reason!, "code");
            var region = await regions.GetAsync(c.Value, ct);
            return region is null ? Problems.NotFound($"No region {code} is stored.") : TypedResults.Ok(RegionResponse.From(region));
        }).RequireUser();

        app.MapGet("/api/regions/{code}/children", async Task<Results<Ok<Page<RegionResponse>>, ProblemHttpResult>> (
            string code, int? limit, string? after, RegionStore regions, CancellationToken ct) =>
        {
            if (!DivisionCode.TryParse(code, out var c, out var reason)) return Problems.BadRequest(reason!, "code");
            if (!Paging.TryRead(limit, after, out var size, out var afterKey, out var error)) return Problems.Invalid(error!.Message, [error]);
            if (await regions.GetAsync(c.Value, ct) is null) return Problems.NotFound($"No region {code} is stored.");
            var (items, next) = await regions.ChildrenAsync(c.Value, afterKey, size, ct);
            return TypedResults.Ok(new Page<RegionResponse>(items.Select(RegionResponse.From).ToList(), Paging.Cursor(next)));
        }).RequireUser();
    }
}
