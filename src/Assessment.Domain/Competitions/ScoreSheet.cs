namespace Assessment.Domain.Competitions;

/// <summary>
/// A contestant village and its place in the running order: a large competition runs in sessions
/// (场次), each with its own order (出场顺序). The village code settles what the two leave equal.
/// </summary>
public sealed record Contestant(string Village, int Session = 1, int Order = 0)
{
    public static IComparer<Contestant> RunningOrder { get; } = Comparer<Contestant>.Create((a, b) =>
        a.Session != b.Session ? a.Session.CompareTo(b.Session) :
        a.Order != b.Order ? a.Order.CompareTo(b.Order) :
        string.CompareOrdinal(a.Village, b.Village));
}

/// <summary>One judge's sheet for one contestant, already checked with <see cref="CompetitionCriteria.Check"/>.</summary>
public sealed record ScoreSheet(string Village, string Judge, IReadOnlyDictionary<string, decimal> Criteria)
{
    /// <summary>The judge's total for the contestant: the sum over criteria (summed once: a board reads it for every sheet).</summary>
    public decimal Total { get; } = Criteria.Values.Sum();

    /// <summary>
    /// The sheet that counts for each contestant and judge: the last one given. Every change is kept
    /// (with judge and time) elsewhere; the board uses the latest, so callers may pass the whole history
    /// oldest first.
    /// </summary>
    public static IReadOnlyList<ScoreSheet> Latest(IEnumerable<ScoreSheet> sheets)
    {
        var latest = new Dictionary<(string Village, string Judge), ScoreSheet>();
        foreach (var s in sheets) latest[(s.Village, s.Judge)] = s;
        return latest.Values.ToList();
    }
}
