using Assessment.Domain.Scoring;

namespace Assessment.Domain.Competitions;

/// <summary>
/// One contestant's line of the scoreboard (api.md: <c>{village, rank?, final?, judges, resultsMean?, untrimmedMean?}</c>).
/// </summary>
/// <param name="Rank">Null until the contestant has a final score; equal contestants share a rank.</param>
/// <param name="Final">The (trimmed) mean of the judges' totals, two decimals; null with fewer than 3 judges.</param>
/// <param name="Judges">How many judges have scored the contestant.</param>
/// <param name="ResultsMean">
/// The mean over all its judges of the tie-break criterion (晒实绩 by default). Like
/// <paramref name="UntrimmedMean"/> it is rounded half away from zero to two decimals, as the final
/// is, and ranking compares these rounded values: what decides a place is what the board shows, so
/// two contestants sharing a rank show the same three numbers and two at different ranks differ in
/// a number the audience can see. The cost is that means closer than half a hundredth count as
/// equal; those would look equal on the board anyway. Null, like the final, until the contestant
/// has 3 judges.
/// </param>
/// <param name="UntrimmedMean">The plain mean of all its judges' totals, two decimals (the last tie-break).</param>
public sealed record ScoreboardRow(string Village, int? Rank, decimal? Final, int Judges, decimal? ResultsMean, decimal? UntrimmedMean);

/// <summary>The ranked board: ranked contestants by rank, then those without a final in running order.</summary>
public sealed record Scoreboard(CompetitionPhase Phase, IReadOnlyList<ScoreboardRow> Contestants)
{
    /// <summary>How many contestants have a rank: the "contestants" of the bonus bands.</summary>
    public int Ranked => Contestants.Count(r => r.Rank is not null);

    public ScoreboardRow? Find(string village) => Contestants.FirstOrDefault(r => r.Village == village);
}

/// <summary>Final scores and the ranking of a competition (domain.md, Competitions).</summary>
public static class CompetitionScoring
{
    /// <summary>With fewer judge totals a contestant has no final score yet.</summary>
    public const int FewestJudges = 3;

    /// <summary>From this many judge totals on, one highest and one lowest are dropped.</summary>
    public const int TrimFrom = 5;

    /// <summary>
    /// The final score from a contestant's judge totals: 5 or more → drop one highest and one lowest
    /// and average the rest; 3 or 4 → average all; fewer → null. Rounded half away from zero to two
    /// decimals; the mean is taken in decimal so that an exact x.xx5 is seen as such.
    /// </summary>
    public static decimal? Final(IReadOnlyCollection<decimal> totals)
    {
        if (totals.Count < FewestJudges) return null;
        var sorted = totals.ToArray();
        Array.Sort(sorted);
        var trim = sorted.Length >= TrimFrom ? 1 : 0;
        var sum = 0m;
        for (var i = trim; i < sorted.Length - trim; i++) sum += sorted[i];
        return IndicatorScoring.Round(sum / (sorted.Length - 2 * trim));
    }

    /// <summary>
    /// The scoreboard: each contestant's final and tie-break means from the latest sheet of each of its
    /// judges, ranked by final, then the tie-break criterion's mean, then the untrimmed mean, all
    /// descending; contestants still equal share a rank (1, 2, 2, 4) and are listed in running order.
    /// Sheets of villages that are not contestants are ignored.
    /// </summary>
    /// <param name="sheets">Checked sheets, oldest first; for each contestant and judge the last one counts.</param>
    public static Scoreboard Board(CompetitionPhase phase, CompetitionCriteria criteria, IEnumerable<Contestant> contestants, IEnumerable<ScoreSheet> sheets)
    {
        // Computed again at every change while the board is watched: plain loops, few allocations.
        var byVillage = new Dictionary<string, List<ScoreSheet>>(StringComparer.Ordinal);
        foreach (var s in ScoreSheet.Latest(sheets))
        {
            if (!byVillage.TryGetValue(s.Village, out var list)) byVillage[s.Village] = list = [];
            list.Add(s);
        }
        var rows = contestants.Order(Contestant.RunningOrder)
            .Select(c => Row(c.Village, byVillage.GetValueOrDefault(c.Village) ?? [], criteria.TieBreak))
            .ToList();

        // OrderBy is stable: contestants that stay equal keep their running order.
        var ranked = rows.Where(r => r.Final is not null)
            .OrderByDescending(r => r.Final).ThenByDescending(r => r.ResultsMean).ThenByDescending(r => r.UntrimmedMean)
            .ToList();
        var board = SharedRank.Assign(ranked, r => (r.Final, r.ResultsMean, r.UntrimmedMean), (r, rank) => r with { Rank = rank });
        board.AddRange(rows.Where(r => r.Final is null));
        return new Scoreboard(phase, board);
    }

    private static ScoreboardRow Row(string village, List<ScoreSheet> sheets, string tieBreak)
    {
        var totals = new decimal[sheets.Count];
        decimal sum = 0m, tieBreakSum = 0m;
        for (var i = 0; i < sheets.Count; i++)
        {
            totals[i] = sheets[i].Total;
            sum += totals[i];
            tieBreakSum += sheets[i].Criteria.GetValueOrDefault(tieBreak);
        }
        if (Final(totals) is not { } final) return new ScoreboardRow(village, null, null, totals.Length, null, null);
        return new ScoreboardRow(village, null, final, totals.Length, IndicatorScoring.Round(tieBreakSum / sheets.Count), IndicatorScoring.Round(sum / totals.Length));
    }
}

/// <summary>The one rule for equal places, on the board and in the fairness report.</summary>
internal static class SharedRank
{
    /// <summary>
    /// Ranks an already sorted list: an item whose key equals the one before it shares that rank, and
    /// the next different item's rank counts everyone above it (1, 2, 2, 4).
    /// </summary>
    public static List<TOut> Assign<T, TKey, TOut>(IReadOnlyList<T> sorted, Func<T, TKey> key, Func<T, int, TOut> withRank)
    {
        var result = new List<TOut>(sorted.Count);
        var rank = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i == 0 || !EqualityComparer<TKey>.Default.Equals(key(sorted[i]), key(sorted[i - 1]))) rank = i + 1;
            result.Add(withRank(sorted[i], rank));
        }
        return result;
    }
}
