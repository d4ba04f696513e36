using Assessment.Domain;
using Orleans.Concurrency;
using Orleans.Runtime;

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
    /// The county's version, and the village as of now unless the version is still <paramref name="seen"/>;
    /// the village grain asking (<paramref name="reader"/>, one per activation) is told of every later change
    /// of its village before the change is acknowledged (<see cref="IVillageSliceHolder"/>), until it leaves.
    /// </summary>
    [AlwaysInterleave]
    Task<VillageSlice> ReadVillageAsync(string code, Guid reader, CountyVersion seen);

    /// <summary>The village grain <paramref name="reader"/> is leaving memory: it needs no more news of its village.</summary>
    [OneWay]
    Task LeaveAsync(string code, Guid reader);

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

/// <summary>
/// A county grain's version: new at each activation (<see cref="Epoch"/>), then counted up at every change,
/// so a village grain can tell the later of two answers from the same activation.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct CountyVersion([property: Id(0)] Guid Epoch, [property: Id(1)] long Change)
{
    public static CountyVersion New() => new(Guid.NewGuid(), 0);

    public CountyVersion Next() => this with { Change = Change + 1 };

    /// <summary>Whether an answer of <paramref name="other"/> may replace one of this version: not an earlier change of the same activation.</summary>
    public bool IsReplacedBy(CountyVersion other) => other.Epoch != Epoch || other.Change >= Change;
}

/// <summary>
/// The county's version; the village (null: unknown) only when the version is not the one the caller had seen;
/// and the silo the county grain lives on, whose death means no more news of changes will come from it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VillageSlice(
    [property: Id(0)] CountyVersion Version,
    [property: Id(1)] VillageView? View,
    [property: Id(2)] SiloAddress CountySilo);

/// <summary>
/// A grain that keeps a village's slice of its county (the village grain): the county tells it of each change
/// of its village, and to forget its slice when the county grain leaves memory.
/// </summary>
public interface IVillageSliceHolder : IGrainWithStringKey
{
    /// <summary>
    /// The village as of a change: whether this activation keeps a slice (false: it is not the one that asked, and the
    /// county need tell it nothing more). Interleaves, so that a county waiting on it never waits on a village waiting on the county.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> ChangedAsync(VillageSlice slice);

    /// <summary>The county grain is leaving memory: whatever it said is no longer kept current.</summary>
    [AlwaysInterleave]
    Task ForgetAsync();
}

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
