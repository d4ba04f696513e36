using Assessment.Domain.Competitions;

namespace Assessment.Domain.Scoring;

/// <summary>Where a village finished in one closed competition (擂台比武) of the cycle.</summary>
public sealed record CompetitionPlacing(string Competition, int Rank, int Contestants)
{
    /// <summary>
    /// +3 in the top 10%, +2 in the top 30%, +1 in the top 50% (rank ≤ ceil(share × contestants)), else 0.
    /// share × contestants is taken in decimal, exact like every score: 0.3 × 30 is 9, so rank 9 of 30 is still +2.
    /// </summary>
    public decimal Bonus =>
        Rank <= Within(0.1m) ? 3m :
        Rank <= Within(0.3m) ? 2m :
        Rank <= Within(0.5m) ? 1m : 0m;

    private int Within(decimal share) => (int)Math.Ceiling(share * Contestants);

    /// <summary>The placing that counts: the best bonus of a village's competitions (the better rank on a tie).</summary>
    public static CompetitionPlacing? Best(IEnumerable<CompetitionPlacing> placings) =>
        placings.OrderByDescending(p => p.Bonus).ThenBy(p => p.Rank).FirstOrDefault();

    /// <summary>
    /// A village's placing on a competition's board; null while the competition is not Closed (its
    /// results may still change) or when the village has no rank on it. The contestants counted are
    /// the ranked ones: a contestant that never got a final score (fewer than 3 judges) did not
    /// compete for a place and does not widen the bands for the others.
    /// </summary>
    public static CompetitionPlacing? From(string competition, Scoreboard board, string village) =>
        board.Phase == CompetitionPhase.Closed && board.Find(village)?.Rank is { } rank
            ? new CompetitionPlacing(competition, rank, board.Ranked)
            : null;
}
