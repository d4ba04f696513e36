using Assessment.Domain;
using Orleans.Concurrency;

namespace Assessment.Abstractions.Villages;

/// <summary>
/// A county's village Party organizations (村党组织), keyed by the county's code: the batch writer
/// and keeper of each village's profile, tier and tier history, held in memory and stored in the
/// county's partition. A county (~500 villages) is read in one query and written in entity-group
/// transactions; each <see cref="IVillageGrain"/> loads its own slice from here in one call.
/// </summary>
public interface ICountyGrain : IGrainWithStringKey
{
    /// <summary>The village as an officer sees it; null when no region file has introduced it.</summary>
    [AlwaysInterleave]
    Task<VillageView?> GetVillageAsync(string code);

    /// <summary>
    /// The county's version, and the village as of now unless the version is still <paramref name="seen"/>:
    /// one call both checks and refreshes a village grain's slice. The version changes whenever the
    /// county's villages change (a region file, a publication) and whenever the grain is activated again.
    /// </summary>
    [AlwaysInterleave]
    Task<VillageSlice> GetVillageSinceAsync(string code, Guid seen);

    /// <summary>Sets what the region file says of the county's villages.</summary>
    Task SetProfilesAsync(IReadOnlyList<VillageProfile> profiles);

    /// <summary>Every village with its tier after the last published cycle before <paramref name="cycle"/>.</summary>
    Task<IReadOnlyList<VillageStanding>> GetStandingsAsync(string cycle);

    /// <summary>Appends (or, done again, replaces) each village's tier of a published cycle to its history.</summary>
    Task PublishAsync(string cycle, IReadOnlyList<PublishedTier> tiers);
}

[GenerateSerializer, Immutable]
public sealed record VillageProfile(
    [property: Id(0)] string Code,
    [property: Id(1)] string Township,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Secretary,
    [property: Id(4)] int? Members);

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

/// <summary>The county's version; the village (null: unknown) only when the version is not the one the caller had seen.</summary>
[GenerateSerializer, Immutable]
public sealed record VillageSlice(
    [property: Id(0)] Guid Version,
    [property: Id(1)] VillageView? View);

[GenerateSerializer, Immutable]
public sealed record VillageStanding(
    [property: Id(0)] string Code,
    [property: Id(1)] string Township,
    [property: Id(2)] Tier? Previous);

[GenerateSerializer, Immutable]
public sealed record PublishedTier(
    [property: Id(0)] string Village,
    [property: Id(1)] Tier Tier,
    [property: Id(2)] decimal Score);
