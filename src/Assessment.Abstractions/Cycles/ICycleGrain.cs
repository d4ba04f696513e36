using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;

namespace Assessment.Abstractions.Cycles;

/// <summary>One assessment cycle (a year, e.g. "2024"): its phase, thresholds and indicator catalog.</summary>
public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Null when no cycle of this id was created.</summary>
    Task<CycleView?> GetAsync();

    Task<CycleChange> CreateAsync(CycleSettings settings, string user);

    Task<CycleChange> FreezeAsync(string user);

    Task<CycleChange> ReopenAsync(string user);
}

[GenerateSerializer, Immutable]
public sealed record CycleSettings(
    [property: Id(0)] DateTimeOffset? ClosesAt,
    [property: Id(1)] Thresholds Thresholds,
    [property: Id(2)] IReadOnlyList<Indicator> Catalog);

[GenerateSerializer, Immutable]
public sealed record CycleView(
    [property: Id(0)] string Id,
    [property: Id(1)] CyclePhase Phase,
    [property: Id(2)] DateTimeOffset? ClosesAt,
    [property: Id(3)] Thresholds Thresholds,
    [property: Id(4)] IReadOnlyList<Indicator> Catalog);

/// <summary>The answer to a phase change: the cycle afterwards, or why it could not change (a 409).</summary>
[GenerateSerializer, Immutable]
public sealed record CycleChange(
    [property: Id(0)] CycleView? Cycle,
    [property: Id(1)] string? Conflict);
