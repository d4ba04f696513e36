using Assessment.Abstractions.Review;
using Assessment.Domain;
using Orleans.Concurrency;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;

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
    /// A county worker's counts after its decisions, for <see cref="CycleView.Counts"/>. It may come
    /// while the cycle itself waits on that county (publish asks every county), hence interleaved.
    /// </summary>
    [AlwaysInterleave]
    Task ReportTallyAsync(string county, CountyTally tally);
}

[GenerateSerializer, Immutable]
public sealed record CycleSettings(
    [property: Id(0)] DateTimeOffset? ClosesAt,
    [property: Id(1)] Thresholds Thresholds,
    [property: Id(2)] IReadOnlyList<Indicator> Catalog,
    [property: Id(3)] string Province); // "" until settled

/// <summary>What runs on a cycle in the background.</summary>
public enum CycleWork
{
    None,
    Computing,
    Publishing,
}

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
    [property: Id(8)] IReadOnlyList<string> Counties);


