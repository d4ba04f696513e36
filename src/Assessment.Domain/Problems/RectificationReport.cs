namespace Assessment.Domain.Problems;

/// <summary>
/// One row of the rectification progress report (整改进度): open, rectified and verified split the
/// problems by status; overdue counts those of them past their deadline and not verified, so it
/// overlaps open and rectified (a fix awaiting verification after the deadline is still overdue).
/// </summary>
public sealed record RectificationCounts(int Open, int Overdue, int Rectified, int Verified)
{
    public static RectificationCounts Zero { get; } = new(0, 0, 0, 0);

    public int Total => Open + Rectified + Verified;

    public RectificationCounts Add(ProblemStatus status, bool overdue)
    {
        var late = overdue ? 1 : 0;
        return status switch
        {
            ProblemStatus.Open => this with { Open = Open + 1, Overdue = Overdue + late },
            ProblemStatus.Rectified => this with { Rectified = Rectified + 1, Overdue = Overdue + late },
            _ => this with { Verified = Verified + 1 },
        };
    }

    public RectificationCounts Add(Problem problem, DateTimeOffset now) => Add(problem.Status, problem.IsOverdue(now));

    /// <summary>Adds a county's row into its city's, a city's into the province's.</summary>
    public static RectificationCounts operator +(RectificationCounts a, RectificationCounts b) =>
        new(a.Open + b.Open, a.Overdue + b.Overdue, a.Rectified + b.Rectified, a.Verified + b.Verified);

    public static RectificationCounts Of(IEnumerable<Problem> problems, DateTimeOffset now) =>
        problems.Aggregate(Zero, (c, p) => c.Add(p, now));
}

/// <summary>One line of the responsibility list (问题清单/责任清单): who must fix what, by when.</summary>
public sealed record ResponsibilityRow(
    string Village,
    string Name,
    string Problem,
    string Category,
    string Description,
    ProblemSeverity Severity,
    string Responsible,
    DateOnly Deadline,
    ProblemStatus Status,
    bool Overdue)
{
    public static ResponsibilityRow Of(Problem problem, string villageName, DateTimeOffset now) =>
        new(problem.Village, villageName, problem.Id, problem.Category, problem.Description, problem.Severity,
            problem.Responsible, problem.Deadline, problem.Status, problem.IsOverdue(now));

    /// <summary>By deadline, the most urgent first; then by village and problem id, so that pages never shuffle.</summary>
    public static IEnumerable<ResponsibilityRow> Ordered(IEnumerable<ResponsibilityRow> rows) =>
        rows.OrderBy(r => r.Deadline).ThenBy(r => r.Village, StringComparer.Ordinal).ThenBy(r => r.Problem, StringComparer.Ordinal);
}
