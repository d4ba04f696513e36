using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Competitions;
using Orleans.Concurrency;

namespace Assessment.Abstractions.Competitions;

/// <summary>
/// One on-stage competition (擂台比武), keyed by its id: its definition, contestants, judges and
/// phase, and every score sheet a judge submits (each change kept, with judge and time). The board
/// is computed by <see cref="CompetitionScoring"/> from the sheets; watchers get it pushed through
/// <see cref="IScoreboardObserver"/>. A score is acknowledged only once it is stored.
/// </summary>
public interface ICompetitionGrain : IGrainWithStringKey
{
    /// <summary>Creates the competition (refused: 409 it exists, 403 outside the caller's region, 422 invalid).</summary>
    Task<CompetitionView> CreateAsync(NewCompetition competition, Caller caller);

    /// <summary>Null when no competition has this id.</summary>
    [AlwaysInterleave]
    Task<CompetitionView?> GetAsync();

    /// <summary>Adds (or, named again, replaces) a contestant while Scheduled: an Excellence village of the region.</summary>
    Task<CompetitionView> AddContestantAsync(NewContestant contestant, Caller caller);

    /// <summary>
    /// Adds a list (the organizer's CSV) all together or not at all: every bad entry is named with its
    /// <paramref name="rows"/> number (its line in the file); <paramref name="unread"/> are the errors found while
    /// reading the file (a session that is not a number): with any of them nothing is added, and the others are named too.
    /// </summary>
    Task<CompetitionView> AddContestantsAsync(IReadOnlyList<NewContestant> contestants, IReadOnlyList<int> rows, IReadOnlyList<ValidationError> unread, Caller caller);

    Task<CompetitionView> StartAsync(Caller caller);

    Task<CompetitionView> CloseAsync(Caller caller);

    /// <summary>
    /// A judge's sheet for one contestant. Interleaves with other calls: sheets that arrive while one is
    /// being stored are stored together in the next write (group commit), each answered once stored.
    /// </summary>
    [AlwaysInterleave]
    Task<SheetRecord> ScoreAsync(string village, IReadOnlyList<KeyValuePair<string, decimal>> criteria, Caller caller);

    [AlwaysInterleave]
    Task<CompetitionBoard> GetBoardAsync();

    /// <summary>Every sheet and change, oldest first; of one judge, or of all (organizer). A judge sees its own only.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<SheetRecord>> GetScoresAsync(string? judge, Caller caller);

    /// <summary>Each judge's spread and the normalised ranks beside the official board (domain.md, fairness).</summary>
    [AlwaysInterleave]
    Task<FairnessView> GetFairnessAsync();

    /// <summary>Pushes every new board to the observer until it unsubscribes or ~2 minutes pass without a renewal.</summary>
    [AlwaysInterleave]
    Task<CompetitionBoard> SubscribeAsync(IScoreboardObserver observer);

    [AlwaysInterleave]
    Task UnsubscribeAsync(IScoreboardObserver observer);
}

/// <summary>A host's feed of one competition's board (one per competition per silo, fanned out to its HTTP watchers).</summary>
public interface IScoreboardObserver : IGrainObserver
{
    [OneWay]
    Task OnBoardAsync(CompetitionBoard board);
}

/// <summary>Who asks: the grain decides what an organizer, a judge or the province may do.</summary>
[GenerateSerializer, Immutable]
public sealed record Caller(
    [property: Id(0)] string Username,
    [property: Id(1)] Role Role,
    [property: Id(2)] string? Region);

[GenerateSerializer, Immutable]
public sealed record CriterionView(
    [property: Id(0)] string Code,
    [property: Id(1)] string NameZh,
    [property: Id(2)] string? NameEn,
    [property: Id(3)] decimal Points);

[GenerateSerializer, Immutable]
public sealed record NewCompetition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Cycle,
    [property: Id(2)] string RegionCode,
    [property: Id(3)] IReadOnlyList<string> Judges,
    [property: Id(4)] IReadOnlyList<CriterionView>? Criteria,
    [property: Id(5)] string? TieBreak);

[GenerateSerializer, Immutable]
public sealed record NewContestant(
    [property: Id(0)] string Village,
    [property: Id(1)] string Presenter,
    [property: Id(2)] int? Session,
    [property: Id(3)] int? Order);

/// <summary>A judge of the competition and the region it sits in (for conflicts of interest).</summary>
[GenerateSerializer, Immutable]
public sealed record JudgeSeat(
    [property: Id(0)] string Username,
    [property: Id(1)] string? Region);

[GenerateSerializer, Immutable]
public sealed record ContestantView(
    [property: Id(0)] string Village,
    [property: Id(1)] string Name,
    [property: Id(2)] string Presenter,
    [property: Id(3)] int Session,
    [property: Id(4)] int Order);

[GenerateSerializer, Immutable]
public sealed record CompetitionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Cycle,
    [property: Id(3)] string RegionCode,
    [property: Id(4)] CompetitionPhase Phase,
    [property: Id(5)] IReadOnlyList<CriterionView> Criteria,
    [property: Id(6)] string TieBreak,
    [property: Id(7)] IReadOnlyList<JudgeSeat> Judges,
    [property: Id(8)] IReadOnlyList<ContestantView> Contestants,
    [property: Id(9)] string CreatedBy,
    [property: Id(10)] DateTimeOffset CreatedAt);

/// <summary>
/// One submission of a judge's sheet; <see cref="Replaced"/> is the time of the sheet it replaced;
/// <see cref="Sequence"/> its place among all the competition's sheets (1, 2, …): the first board that
/// includes it has a version of at least <c>Sequence + 1</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SheetRecord(
    [property: Id(0)] string Village,
    [property: Id(1)] string Judge,
    [property: Id(2)] IReadOnlyDictionary<string, decimal> Criteria,
    [property: Id(3)] decimal Total,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset? Replaced,
    [property: Id(6)] int Sequence);

/// <summary>A line of the board: <see cref="ScoreboardRow"/> with the village's name.</summary>
[GenerateSerializer, Immutable]
public sealed record BoardRow(
    [property: Id(0)] string Village,
    [property: Id(1)] string Name,
    [property: Id(2)] int? Rank,
    [property: Id(3)] decimal? Final,
    [property: Id(4)] int Judges,
    [property: Id(5)] decimal? ResultsMean,
    [property: Id(6)] decimal? UntrimmedMean);

/// <summary>The board as computed after the <see cref="Version"/>th change (sheets and phase changes); a watcher's event id.</summary>
[GenerateSerializer, Immutable]
public sealed record CompetitionBoard(
    [property: Id(0)] string Competition,
    [property: Id(1)] long Version,
    [property: Id(2)] CompetitionPhase Phase,
    [property: Id(3)] IReadOnlyList<BoardRow> Contestants);

[GenerateSerializer, Immutable]
public sealed record JudgeSpreadView(
    [property: Id(0)] string Judge,
    [property: Id(1)] decimal Mean,
    [property: Id(2)] decimal Sd,
    [property: Id(3)] int Scored,
    [property: Id(4)] string? LeftOut);

[GenerateSerializer, Immutable]
public sealed record FairnessRowView(
    [property: Id(0)] string Village,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal? Final,
    [property: Id(3)] int? Rank,
    [property: Id(4)] decimal? Normalised,
    [property: Id(5)] int? NormalisedRank);

[GenerateSerializer, Immutable]
public sealed record FairnessView(
    [property: Id(0)] CompetitionPhase Phase,
    [property: Id(1)] IReadOnlyList<JudgeSpreadView> Judges,
    [property: Id(2)] IReadOnlyList<FairnessRowView> Contestants,
    [property: Id(3)] IReadOnlyList<string> Changed,
    [property: Id(4)] IReadOnlyList<JudgeTotalsView> Totals);

/// <summary>One judge's totals per contestant (the competition report's "each judge's totals").</summary>
[GenerateSerializer, Immutable]
public sealed record JudgeTotalsView(
    [property: Id(0)] string Judge,
    [property: Id(1)] IReadOnlyDictionary<string, decimal> Totals);
