using Assessment.Abstractions.Villages;
using Assessment.Domain.Reports;

namespace Assessment.Abstractions.Review;

/// <summary>
/// The province's read model of published tiers (keyed by the province code): one small map per
/// published cycle and county, updated as each county publishes. Distribution, movements and the
/// summary are answered from memory, for any region, without touching a village or county grain.
/// </summary>
public interface ITierReportsGrain : IGrainWithStringKey
{
    /// <summary>Takes in a county's published tiers, which the county has already stored as its tier map.</summary>
    Task RecordAsync(string cycle, string county, IReadOnlyList<PublishedTier> tiers);

    /// <summary>Counts of each tier in the region, and per region one level below it.</summary>
    Task<DistributionCounts> DistributionAsync(string cycle, string region);

    Task<MovementCounts> MovementsAsync(string from, string to, string region);

    /// <summary>The summary over the given published cycles, oldest first.</summary>
    Task<PlanSummary> SummaryAsync(IReadOnlyList<string> cycles, string region);

    /// <summary>
    /// The targets report's final figures, per county of the region: its tiers in the published
    /// cycle and the moves up from the latest published cycle before it.
    /// </summary>
    Task<IReadOnlyDictionary<string, Assessment.Domain.Targets.TargetActual>> TargetFiguresAsync(string cycle, string region);
}

[GenerateSerializer, Immutable]
public sealed record DistributionCounts(
    [property: Id(0)] TierCounts Total,
    [property: Id(1)] IReadOnlyDictionary<string, TierCounts> Children);

/// <summary>The 3×3 matrix as counts[from rank − 1][to rank − 1].</summary>
[GenerateSerializer, Immutable]
public sealed record MovementCounts(
    [property: Id(0)] int[][] Counts,
    [property: Id(1)] int Up,
    [property: Id(2)] int Down,
    [property: Id(3)] int Unchanged);
