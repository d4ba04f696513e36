using Assessment.Abstractions.Review;
using Assessment.Domain;
using Orleans.Concurrency;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Review;

namespace Assessment.Abstractions.Cycles;

/// <summary>
/// One assessment cycle (a year, e.g. "2024") of a province: its phase, thresholds and indicator
/// catalog, and the long work on it (compute, publish), which it hands to county workers a few at
/// a time and resumes after a crash.
/// </summary>
public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Null when no cycle of this id was created.</summary>
    Task<CycleView?> GetAsync();

    /// <summary>
    /// The cycle as it stands, without freezing it when its closesAt has passed: for the grains the cycle
    /// itself asks (a county worker coming back into memory reads the catalog and thresholds while the
    /// cycle waits on it), hence interleaved.
    /// </summary>
    [AlwaysInterleave]
    Task<CycleView?> PeekAsync();

    // Each change answers the cycle afterwards, or throws Refused (409) saying why it cannot change.

    Task<CycleView> CreateAsync(CycleSettings settings, string user);

    Task<CycleView> FreezeAsync(string user);

    Task<CycleView> ReopenAsync(string user);

    /// <summary>
    /// Starts rating every village of the province (Frozen or Computed only); the phase becomes
    /// Computed when done. <paramref name="province"/> settles a cycle created without one.
    /// </summary>
    Task<CycleView> ComputeAsync(string user, string? province);

    /// <summary>
    /// Starts publishing (Computed, every movement decided; else a 409 listing the undecided ones);
    /// the phase becomes Published when done.
    /// </summary>
    Task<CycleView> PublishAsync(string user);

    /// <summary>
    /// Decides every undecided movement in <paramref name="region"/> (null: the province) that matches the
    /// filter's direction and score band, county by county a few at a time, and stores the counties' counts
    /// once at the end (409 unless Computed with nothing running). Who may decide where is the caller's check.
    /// </summary>
    Task<BulkOutcome> DecideAllAsync(Decision decision, string? region, MovementFilter filter, string user);

    /// <summary>
    /// A county worker's counts after its decisions, for <see cref="CycleView.Counts"/>. It may come
    /// while the cycle itself waits on that county (publish asks every county), hence interleaved.
    /// </summary>
    [AlwaysInterleave]
    Task ReportTallyAsync(string county, CountyTally tally);

    /// <summary>Starts the public notice (公示): Computed, noticeDays &gt; 0, every movement decided (else a 409 listing the undecided ones).</summary>
    Task<CycleView> StartNoticeAsync(string user);

    /// <summary>Withdraws the running notice: back to Computed, to change decisions.</summary>
    Task<CycleView> WithdrawNoticeAsync(string user);

    /// <summary>A county's objection counts after each change, for <see cref="CycleView.Objections"/> (interleaved, like <see cref="ReportTallyAsync"/>).</summary>
    [AlwaysInterleave]
    Task ReportObjectionsAsync(string county, ObjectionTally tally);

    /// <summary>Sets a region's targets for this cycle (409 once published); who may set which region is the caller's check.</summary>
    Task SetTargetAsync(string region, Assessment.Domain.Targets.Target target, string user);

    /// <summary>Every region's targets for this cycle, by region code.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, Assessment.Domain.Targets.Target>> GetTargetsAsync();
}

/// <summary>A county's objections in a cycle: all of them, and those still open.</summary>
[GenerateSerializer, Immutable]
public sealed record ObjectionTally([property: Id(0)] int Objections, [property: Id(1)] int Open)
{
    public static ObjectionTally Zero { get; } = new(0, 0);
    public static ObjectionTally operator +(ObjectionTally a, ObjectionTally b) => new(a.Objections + b.Objections, a.Open + b.Open);
}

[GenerateSerializer, Immutable]
public sealed record CycleSettings(
    [property: Id(0)] DateTimeOffset? ClosesAt,
    [property: Id(1)] Thresholds Thresholds,
    [property: Id(2)] IReadOnlyList<Indicator> Catalog,
    [property: Id(3)] string Province, // "" until settled
    [property: Id(4)] int NoticeDays = 0);

[GenerateSerializer, Immutable]
public sealed record CycleView(
    [property: Id(0)] string Id,
    [property: Id(1)] CyclePhase Phase,
    [property: Id(2)] DateTimeOffset? ClosesAt,
    [property: Id(3)] Thresholds Thresholds,
    [property: Id(4)] IReadOnlyList<Indicator> Catalog,
    [property: Id(5)] string Province,
    [property: Id(6)] CycleWork Work,
    [property: Id(7)] CountyTally Counts,
    [property: Id(8)] IReadOnlyList<string> Counties,
    [property: Id(9)] int NoticeDays,
    [property: Id(10)] DateTimeOffset? NoticeFrom,
    [property: Id(11)] DateTimeOffset? NoticeUntil,
    [property: Id(12)] ObjectionTally Objections)
{
    /// <summary>The running notice's window, in Notice only.</summary>
    public Assessment.Domain.Notice.NoticeWindow? Notice =>
        Phase == CyclePhase.Notice && NoticeFrom is { } from && NoticeUntil is { } until ? new(from, until) : null;
}


