using Assessment.Domain.Scoring;

namespace Assessment.Domain.Competitions;

/// <summary>A judge's totals in brief (api.md fairness report: <c>{judge, mean, sd, scored}</c>).</summary>
/// <param name="Mean">The mean of its totals, two decimals.</param>
/// <param name="Sd">The population standard deviation of its totals, two decimals.</param>
/// <param name="Scored">How many contestants it scored.</param>
/// <param name="LeftOut">Why the judge is left out of normalisation, in words; null when it is used.</param>
public sealed record JudgeSpread(string Judge, decimal Mean, decimal Sd, int Scored, string? LeftOut);

/// <summary>A contestant's official place beside its normalised one.</summary>
/// <param name="Normalised">
/// The mean of its judges' z-scores, four decimals (z-scores are small numbers; two decimals would
/// tie contestants who differ). Null when none of its judges can be normalised.
/// </param>
/// <param name="NormalisedRank">Its rank by normalised result among the officially ranked contestants.</param>
public sealed record FairnessRow(string Village, decimal? Final, int? Rank, decimal? Normalised, int? NormalisedRank);

/// <summary>The fairness report (api.md <c>/api/reports/fairness/{id}</c>): beside the official result, never replacing it.</summary>
/// <param name="Changed">The contestants whose rank would change under normalisation, in board order.</param>
public sealed record FairnessReport(IReadOnlyList<JudgeSpread> Judges, IReadOnlyList<FairnessRow> Contestants, IReadOnlyList<string> Changed);

/// <summary>
/// How much the result depends on which judges scored whom (domain.md, Competitions, fairness): each
/// judge's totals become z-scores against that judge's own mean and spread, so a harsh or a generous
/// judge, or one who spreads wide, weighs like the others.
/// </summary>
public static class CompetitionFairness
{
    /// <summary>A judge needs at least this many totals to have a spread to normalise by.</summary>
    public const int FewestTotals = 2;

    /// <summary>Decimals of the normalised result, shown and compared.</summary>
    public const int NormalisedDecimals = 4;

    /// <param name="board">The official board the normalised ranks are set beside.</param>
    /// <param name="sheets">The same sheets the board was made from (the latest per contestant and judge counts).</param>
    public static FairnessReport Report(Scoreboard board, IEnumerable<ScoreSheet> sheets)
    {
        var onBoard = board.Contestants.Select(r => r.Village).ToHashSet();
        var latest = ScoreSheet.Latest(sheets).Where(s => onBoard.Contains(s.Village)).ToList();

        var judges = latest.GroupBy(s => s.Judge)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Spread(g.Key, g.Select(s => s.Total).ToList()))
            .ToList();
        var usable = judges.Where(j => j.LeftOut is null).ToDictionary(j => j.Name);

        // Mean over the contestant's usable judges of (total − judge mean) / judge SD, unrounded until the end.
        var normalised = latest.Where(s => usable.ContainsKey(s.Judge))
            .GroupBy(s => s.Village)
            .ToDictionary(g => g.Key, g => IndicatorScoring.Round(g.Average(s => usable[s.Judge].Z(s.Total)), NormalisedDecimals));

        // Normalised ranks only among the officially ranked, so that the two ranks compare like with like.
        var comparable = board.Contestants
            .Where(r => r.Rank is not null && normalised.ContainsKey(r.Village))
            .OrderByDescending(r => normalised[r.Village])
            .ToList();
        var normalisedRank = SharedRank.Assign(comparable, r => normalised[r.Village], (r, rank) => (r.Village, rank))
            .ToDictionary(x => x.Village, x => x.rank);

        var rows = board.Contestants.Select(r => new FairnessRow(r.Village, r.Final, r.Rank,
                normalised.TryGetValue(r.Village, out var n) ? n : null,
                normalisedRank.TryGetValue(r.Village, out var nr) ? nr : null))
            .ToList();
        var changed = rows.Where(r => r.NormalisedRank is not null && r.NormalisedRank != r.Rank).Select(r => r.Village).ToList();
        return new FairnessReport(judges.Select(j => j.Shown).ToList(), rows, changed);
    }

    private sealed record Judge(string Name, decimal Mean, decimal Sd, int Scored, string? LeftOut)
    {
        public decimal Z(decimal total) => (total - Mean) / Sd;
        public JudgeSpread Shown => new(Name, IndicatorScoring.Round(Mean), IndicatorScoring.Round(Sd), Scored, LeftOut);
    }

    /// <summary>
    /// The population standard deviation (divide by n, not n − 1): a judge's totals are not a sample of
    /// some larger field, they are every contestant that judge scored, and the z-score says where a
    /// contestant stands among exactly those.
    /// </summary>
    private static Judge Spread(string judge, IReadOnlyList<decimal> totals)
    {
        var mean = totals.Sum() / totals.Count;
        var sd = Sqrt(totals.Sum(t => (t - mean) * (t - mean)) / totals.Count);
        var leftOut =
            totals.Count < FewestTotals ? $"scored fewer than {FewestTotals} contestants: no spread to normalise by" :
            sd == 0 ? "gave every contestant the same total (standard deviation 0): nothing to normalise by" :
            null;
        return new Judge(judge, mean, sd, totals.Count, leftOut);
    }

    /// <summary>
    /// √v in decimal: double's square root (IEEE 754 rounds it correctly, so it is the same on every
    /// machine) gives the first ~15 digits, and one Newton step in decimal, x = (x + v/x) / 2, brings
    /// it to decimal's 28. Results are rounded to a few decimals anyway; this keeps decimal end to end.
    /// </summary>
    internal static decimal Sqrt(decimal v)
    {
        if (v <= 0) return 0;
        var x = (decimal)Math.Sqrt((double)v);
        return (x + v / x) / 2;
    }
}
