using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;

namespace Assessment.Abstractions.Review;

/// <summary>
/// A county's part of a cycle's re-rating, keyed "{cycle}/{county}": it computes its villages'
/// proposals, keeps the province's decisions on their movements, and publishes the final tiers.
/// The cycle fans out over these county workers, so no single grain rates the whole province.
/// </summary>
public interface ICountyAssessmentGrain : IGrainWithStringKey
{
    /// <summary>Rates every village of the county (again, replacing earlier proposals and decisions). Idempotent per run.</summary>
    Task<CountyTally> ComputeAsync(ComputeOrder order);

    Task<CountyTally> GetTallyAsync();

    Task<ReviewedAssessment?> GetAsync(string village);

    /// <summary>Movements matching the filter, by village code, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<MovementView>> ListAsync(MovementFilter filter, string? after, int limit);

    /// <summary>Decides one movement (refused: 404 no such movement, 409 published, 422 invalid) and reports the county's tally to its cycle.</summary>
    Task<MovementView> DecideAsync(DecisionOrder order);

    /// <summary>
    /// Decides every undecided movement that matches (a reject skips initial ratings). Its cycle asks
    /// (<see cref="Cycles.ICycleGrain.DecideAllAsync"/>) and records the county's tally from the answer.
    /// </summary>
    Task<BulkOutcome> DecideAllAsync(Decision decision, MovementFilter filter, string user);

    /// <summary>What the proposals would be under other thresholds; changes nothing.</summary>
    Task<SimulationTally> SimulateAsync(Thresholds thresholds);

    /// <summary>Seals the county's decisions and makes its final tiers the villages' history. Idempotent.</summary>
    Task<CountyTally> PublishAsync();

    /// <summary>The public notice's entries (公示): every movement in the region (a village-code prefix) with its final tier, by village code.</summary>
    Task<IReadOnlyList<NoticeEntry>> NoticeAsync(string? regionPrefix, string? after, int limit);

    /// <summary>Whether the village is on the public notice: it has a movement in this cycle.</summary>
    Task<bool> IsListedAsync(string village);

    /// <summary>
    /// An upheld objection's tier replaces the village's decision, as an override with the objection's
    /// reason: the one change of a decision allowed during the notice (the caller checks the phase).
    /// </summary>
    Task<MovementView> UpholdAsync(string village, Tier tier, string reason, string user);

    /// <summary>The county's figures for the targets report: the decided (else proposed) tiers and the moves up from the previous tiers.</summary>
    Task<Assessment.Domain.Targets.TargetActual> FiguresAsync();
    /// <summary>The villages whose final tier (decision, else proposal) is Demonstration, with their score and the values they were rated on (benchmarking).</summary>
    Task<IReadOnlyList<RatedVillage>> GetDemonstrationAsync();

    public static string Key(string cycle, string county) => $"{cycle}/{county}";
}

/// <summary>A village on the public notice: its previous tier, its final tier (decided, else proposed) and its movement.</summary>
[GenerateSerializer, Immutable]
public sealed record NoticeEntry(
    [property: Id(0)] string Village,
    [property: Id(1)] Tier? PreviousTier,
    [property: Id(2)] Tier FinalTier,
    [property: Id(3)] Direction Direction);

[GenerateSerializer, Immutable]
public sealed record RatedVillage(
    [property: Id(0)] string Village,
    [property: Id(1)] decimal Score,
    [property: Id(2)] IReadOnlyDictionary<string, IndicatorValue> Values);

[GenerateSerializer, Immutable]
public sealed record ComputeOrder(
    [property: Id(0)] int Run,
    [property: Id(1)] IReadOnlyList<Indicator> Catalog,
    [property: Id(2)] Thresholds Thresholds);

/// <summary>How far a county is: villages, proposals computed, movements, movements decided.</summary>
[GenerateSerializer, Immutable]
public sealed record CountyTally(
    [property: Id(0)] int Villages,
    [property: Id(1)] int Computed,
    [property: Id(2)] int Movements,
    [property: Id(3)] int Decided)
{
    public static CountyTally Zero { get; } = new(0, 0, 0, 0);
    public int Undecided => Movements - Decided;
    public static CountyTally operator +(CountyTally a, CountyTally b) =>
        new(a.Villages + b.Villages, a.Computed + b.Computed, a.Movements + b.Movements, a.Decided + b.Decided);
}

[GenerateSerializer, Immutable]
public sealed record ReviewedAssessment(
    [property: Id(0)] VillageAssessment Assessment,
    [property: Id(1)] Direction? Direction,
    [property: Id(2)] DecisionRecord? Decision);

[GenerateSerializer, Immutable]
public sealed record MovementFilter(
    [property: Id(0)] string? RegionPrefix,
    [property: Id(1)] Direction? Direction,
    [property: Id(2)] bool? Decided,
    // The review page's score band (inclusive): listing and bulk decisions pick the same villages.
    [property: Id(3)] decimal? MinScore = null,
    [property: Id(4)] decimal? MaxScore = null)
{
    public static MovementFilter All { get; } = new(null, null, null);
}

[GenerateSerializer, Immutable]
public sealed record MovementView(
    [property: Id(0)] string Village,
    [property: Id(1)] Tier? PreviousTier,
    [property: Id(2)] Tier ProposedTier,
    [property: Id(3)] decimal Score,
    [property: Id(4)] IReadOnlyList<Reason> Reasons,
    [property: Id(5)] Direction Direction,
    [property: Id(6)] DecisionRecord? Decision);

[GenerateSerializer, Immutable]
public sealed record DecisionOrder(
    [property: Id(0)] string Village,
    [property: Id(1)] Decision Decision,
    [property: Id(2)] Tier? Tier,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string User);

/// <summary>Movements decided and skipped in bulk, and the counts afterwards of the counties decided in.</summary>
[GenerateSerializer, Immutable]
public sealed record BulkOutcome(
    [property: Id(0)] int Decided,
    [property: Id(1)] int Skipped,
    [property: Id(2)] CountyTally Tally)
{
    public static BulkOutcome Zero { get; } = new(0, 0, CountyTally.Zero);
    public static BulkOutcome operator +(BulkOutcome a, BulkOutcome b) => new(a.Decided + b.Decided, a.Skipped + b.Skipped, a.Tally + b.Tally);
}

[GenerateSerializer, Immutable]
public sealed record SimulationTally(
    [property: Id(0)] int Up,
    [property: Id(1)] int Down,
    [property: Id(2)] int Initial,
    [property: Id(3)] int Unchanged,
    [property: Id(4)] int Demonstration,
    [property: Id(5)] int Excellence,
    [property: Id(6)] int Foundation)
{
    public static SimulationTally Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);
    public static SimulationTally operator +(SimulationTally a, SimulationTally b) =>
        new(a.Up + b.Up, a.Down + b.Down, a.Initial + b.Initial, a.Unchanged + b.Unchanged,
            a.Demonstration + b.Demonstration, a.Excellence + b.Excellence, a.Foundation + b.Foundation);
}
