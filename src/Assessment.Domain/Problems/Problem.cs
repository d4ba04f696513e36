using System.Globalization;

namespace Assessment.Domain.Problems;

/// <summary>A new problem as a county officer sends it, before it is checked (every field as written).</summary>
public sealed record ProblemInput(string? Category, string? Description, string? Severity, string? Source, string? Responsible, string? Deadline);

/// <summary>One step of a problem's closed loop: who moved it to which status, when, and with what.</summary>
/// <param name="Evidence">For Rectified: what was done (files are attached beside it).</param>
/// <param name="Reason">For a reopening: why the fix did not hold.</param>
/// <param name="Note">For Verified, optionally: what the verifier saw.</param>
public sealed record ProblemTransition(ProblemStatus Status, string By, DateTimeOffset At, string? Evidence = null, string? Reason = null, string? Note = null);

/// <summary>
/// The result of recording or moving a problem: the problem as it now is, or why not. A conflict
/// (409) is a step the problem's status does not allow, said in words; errors (422) are bad fields,
/// each naming its field. The status is checked first: fixing a field cannot make a wrong step right.
/// </summary>
public sealed record ProblemChange(Problem? Problem, string? Conflict, IReadOnlyList<ValidationError> Errors)
{
    public bool Ok => Problem is not null;

    internal static ProblemChange Done(Problem problem) => new(problem, null, []);
    internal static ProblemChange Refused(string conflict) => new(null, conflict, []);
    internal static ProblemChange Invalid(List<ValidationError> errors) => new(null, null, errors);
}

/// <summary>
/// A problem of a village (问题整顿, domain.md "Problem rectification"): what is wrong, who must fix it
/// by when, and every step of its loop — discovered (the first transition, Open), disposed
/// (Rectified), fed back (Verified). Supervision is <see cref="IsOverdue"/>.
/// </summary>
/// <param name="Transitions">Oldest first; the first is the recording (Open), so who recorded it and when is kept like every other step.</param>
public sealed record Problem(
    string Id,
    string Village,
    string Category,
    string Description,
    ProblemSeverity Severity,
    ProblemSource Source,
    string Responsible,
    DateOnly Deadline,
    IReadOnlyList<ProblemTransition> Transitions)
{
    // Bounds, in characters as a reader counts them. A category is a label, as short as a region's
    // name; a description or evidence is a paragraph or two of an inspection report; a reason or a
    // note is a sentence, as long as a ledger note. They also keep a county's problems small in storage.
    public const int MaxCategoryLength = 64;
    public const int MaxDescriptionLength = 2000;
    public const int MaxResponsibleLength = 64;
    public const int MaxEvidenceLength = 2000;
    public const int MaxReasonLength = 500;
    public const int MaxNoteLength = 500;

    // A deadline outside this century is a typing error (0224-06-30, 2204-06-30), not a plan.
    private static readonly DateOnly FirstDeadline = new(2000, 1, 1);
    private static readonly DateOnly LastDeadline = new(2099, 12, 31);

    public ProblemStatus Status => Transitions[^1].Status;

    /// <summary>Past its deadline (in Asia/Shanghai) and not verified.</summary>
    public bool IsOverdue(DateTimeOffset now) => Overdue.Is(Status, Deadline, now);

    /// <summary>When it becomes overdue unless verified first: 00:00 in Shanghai the day after the deadline.</summary>
    public DateTimeOffset OverdueFrom => Overdue.From(Deadline);

    /// <summary>Rule 4 of the tier rule: a major problem holds a Foundation village until it is verified (rectified is not enough).</summary>
    public bool HoldsAtFoundation => Severity == ProblemSeverity.Major && Status != ProblemStatus.Verified;

    /// <summary>Checks a new problem's fields and records it as Open, by <paramref name="by"/> at <paramref name="at"/>.</summary>
    public static ProblemChange Record(string id, string village, ProblemInput input, string by, DateTimeOffset at)
    {
        var errors = new List<ValidationError>();
        var category = TextField.Read(input.Category, "category", "the category", 1, MaxCategoryLength, errors);
        var description = TextField.Read(input.Description, "description", "the description", 1, MaxDescriptionLength, errors);
        if (!ProblemSeverities.TryParse(input.Severity, out var severity))
            errors.Add(new($"'{input.Severity}' is not a severity; use minor (一般) or major (重大)", Field: "severity"));
        if (!ProblemSources.TryParse(input.Source, out var source))
            errors.Add(new($"'{input.Source}' is not a source; use inspection, hotline, self-check or other", Field: "source"));
        var responsible = TextField.Read(input.Responsible, "responsible", "the responsible person", 1, MaxResponsibleLength, errors);
        var deadline = ReadDeadline(input.Deadline, errors);
        if (errors.Count > 0) return ProblemChange.Invalid(errors);

        return ProblemChange.Done(new Problem(id, village, category!, description!, severity, source, responsible!, deadline,
            [new ProblemTransition(ProblemStatus.Open, by, at)]));
    }

    /// <summary>Open → Rectified, with the evidence of what was done (required).</summary>
    public ProblemChange Rectify(string? evidence, string by, DateTimeOffset at)
    {
        if (Status != ProblemStatus.Open) return ProblemChange.Refused(WrongStatus("rectified", ProblemStatus.Open));
        var errors = new List<ValidationError>();
        var text = TextField.Read(evidence, "evidence", "the evidence", 1, MaxEvidenceLength, errors);
        return errors.Count > 0 ? ProblemChange.Invalid(errors) : Step(new(ProblemStatus.Rectified, by, at, Evidence: text));
    }

    /// <summary>Rectified → Verified: the fix was checked and holds; the note is optional.</summary>
    public ProblemChange Verify(string? note, string by, DateTimeOffset at)
    {
        if (Status != ProblemStatus.Rectified) return ProblemChange.Refused(WrongStatus("verified", ProblemStatus.Rectified));
        var errors = new List<ValidationError>();
        var text = TextField.Read(note, "note", "the note", 0, MaxNoteLength, errors);
        return errors.Count > 0 ? ProblemChange.Invalid(errors) : Step(new(ProblemStatus.Verified, by, at, Note: text));
    }

    /// <summary>Rectified → Open: the fix did not hold; the reason is required.</summary>
    public ProblemChange Reopen(string? reason, string by, DateTimeOffset at)
    {
        if (Status != ProblemStatus.Rectified) return ProblemChange.Refused(WrongStatus("reopened", ProblemStatus.Rectified));
        var errors = new List<ValidationError>();
        var text = TextField.Read(reason, "reason", "the reason", 1, MaxReasonLength, errors);
        return errors.Count > 0 ? ProblemChange.Invalid(errors) : Step(new(ProblemStatus.Open, by, at, Reason: text));
    }

    private ProblemChange Step(ProblemTransition transition) => ProblemChange.Done(this with { Transitions = [.. Transitions, transition] });

    /// <summary>Why a step cannot be taken now, and what can be done instead.</summary>
    private string WrongStatus(string step, ProblemStatus needed) =>
        $"problem {Id} is {Status.ToWire()} ({Status.Chinese()}); only {(needed == ProblemStatus.Open ? "an" : "a")} {needed.ToWire()} problem can be {step}" + Status switch
        {
            ProblemStatus.Open => ": rectify it, with evidence, first",
            ProblemStatus.Rectified => ": verify it, or reopen it if the fix does not hold",
            _ => ": a verified problem is closed; record a new problem if it came back",
        };

    private static DateOnly ReadDeadline(string? text, List<ValidationError> errors)
    {
        var trimmed = text?.Trim();
        if (!DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new($"'{text}' is not a date; write the deadline as YYYY-MM-DD, e.g. 2024-06-30", Field: "deadline"));
            return default;
        }
        if (date < FirstDeadline || date > LastDeadline)
            errors.Add(new($"{trimmed} is not a plausible deadline; it must lie between 2000-01-01 and 2099-12-31", Field: "deadline"));
        return date;
    }
}

/// <summary>
/// Supervision (监督): a problem not verified is overdue once the date in the province (Asia/Shanghai)
/// is after its deadline. The whole deadline day counts: 23:59 local on it is not overdue, 00:00 the
/// next day is. Recorded after its deadline, a problem is overdue at once.
/// </summary>
public static class Overdue
{
    public static bool Is(ProblemStatus status, DateOnly deadline, DateTimeOffset now) =>
        status != ProblemStatus.Verified && ProvinceTime.Today(now) > deadline;

    /// <summary>
    /// The first instant at which a problem with this deadline is overdue (if not verified by then),
    /// so that a reminder knows when to look: 00:00 in Shanghai the day after, e.g. 2024-06-30 → 2024-06-30T16:00Z.
    /// </summary>
    public static DateTimeOffset From(DateOnly deadline) => ProvinceTime.StartOf(deadline.AddDays(1));
}
