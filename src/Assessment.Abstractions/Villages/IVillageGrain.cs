using Assessment.Domain;

namespace Assessment.Abstractions.Villages;

/// <summary>One village Party organization (村党组织), keyed by its 12-digit division code.</summary>
public interface IVillageGrain : IGrainWithStringKey
{
    /// <summary>The village as an officer sees it; null when no region file has introduced it.</summary>
    Task<VillageView?> GetAsync();

    /// <summary>Sets what the region file says of the village: name, secretary, member count.</summary>
    Task SetProfileAsync(VillageProfile profile);
}

[GenerateSerializer, Immutable]
public sealed record VillageProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Secretary,
    [property: Id(2)] int? Members);

[GenerateSerializer, Immutable]
public sealed record TierRecord(
    [property: Id(0)] string Cycle,
    [property: Id(1)] Tier Tier,
    [property: Id(2)] decimal Score);

[GenerateSerializer, Immutable]
public sealed record VillageView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string CountyCode,
    [property: Id(3)] string? Secretary,
    [property: Id(4)] int? Members,
    [property: Id(5)] Tier? Tier,
    [property: Id(6)] IReadOnlyList<TierRecord> History);
