namespace Assessment.Domain.Scoring;

/// <summary>Where a village finished in one closed competition (擂台比武) of the cycle.</summary>
public sealed record CompetitionPlacing(string Competition, int Rank, int Contestants)
{
    /// <summary>+3 in the top 10%, +2 in the top 30%, +1 in the top 50% (rank ≤ ceil(share × contestants)), else 0.</summary>
    public decimal Bonus =>
        Rank <= Within(0.1m) ? 3m :
        Rank <= Within(0.3m) ? 2m :
        Rank <= Within(0.5m) ? 1m : 0m;

    private int Within(decimal share) => (int)Math.Ceiling(share * Contestants);

    /// <summary>The placing that counts: the best bonus of a village's competitions (first one on a tie).</summary>
    public static CompetitionPlacing? Best(IEnumerable<CompetitionPlacing> placings) =>
        placings.OrderByDescending(p => p.Bonus).ThenBy(p => p.Rank).FirstOrDefault();
}
