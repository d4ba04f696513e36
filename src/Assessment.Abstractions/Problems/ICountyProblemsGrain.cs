using Assessment.Domain.Problems;
using Assessment.Domain.Scoring;

namespace Assessment.Abstractions.Problems;

/// <summary>
/// A county's problems (问题整顿), keyed by the county's code: the one writer of its villages'
/// problems, which it keeps in memory and stores in the county's partition of the Problems table
/// before it answers. A problem's id is "{village}-{n}" (n counts the village's problems from 1),
/// so its county, and with it this grain, follows from the id. Supervision: a daily reminder notes
/// the problems that became overdue (<see cref="NoteOverdueAsync"/>).
/// </summary>
public interface ICountyProblemsGrain : IGrainWithStringKey
{
    /// <summary>Records a new problem of a village of this county as Open (422 naming each bad field).</summary>
    Task<ProblemView> RecordAsync(string village, ProblemFields fields, string user);

    /// <summary>Moves a problem: 404 unknown, 409 wrong status (even if fields are bad too), 422 bad field.</summary>
    Task<ProblemView> MoveAsync(string id, ProblemStep step, string? text, string user);

    /// <summary>The problem with its transitions and attachments; null when there is none.</summary>
    Task<ProblemView?> GetAsync(string id);

    /// <summary>
    /// Makes a problem point at a file already stored (the blob is written before this call, so a
    /// record never points at a file that is not there). 404 unknown problem, 409 verified (closed).
    /// </summary>
    Task<AttachmentView> AttachAsync(string id, AttachmentView file);

    /// <summary>The county's problems whose village code starts with <paramref name="regionPrefix"/>, by id.</summary>
    Task<IReadOnlyList<ProblemView>> ListAsync(string regionPrefix, ProblemStatus? status, bool? overdue);

    /// <summary>Rule 4's input for a compute: per village, its major problems not yet verified.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<MajorProblemHold>>> GetHoldsAsync();

    /// <summary>
    /// What the daily reminder does: every problem overdue now and not noted before gets the day it
    /// was first seen overdue, stored. Returns how many were newly noted.
    /// </summary>
    Task<int> NoteOverdueAsync();

    public static string CountyOf(string village) => village[..6] + "000000";
}

/// <summary>The steps after recording (domain.md: Open → Rectified → Verified, or Rectified → Open).</summary>
public enum ProblemStep
{
    Rectify,
    Verify,
    Reopen,
}

/// <summary>A new problem's fields as sent (checked by the domain's <see cref="Problem.Record"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ProblemFields(
    [property: Id(0)] string? Category,
    [property: Id(1)] string? Description,
    [property: Id(2)] string? Severity,
    [property: Id(3)] string? Source,
    [property: Id(4)] string? Responsible,
    [property: Id(5)] string? Deadline);

[GenerateSerializer, Immutable]
public sealed record TransitionView(
    [property: Id(0)] ProblemStatus Status,
    [property: Id(1)] string By,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Evidence,
    [property: Id(4)] string? Reason,
    [property: Id(5)] string? Note);

/// <summary>A file of evidence: its number within the problem, what it is, and the blob that holds it.</summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentView(
    [property: Id(0)] int N,
    [property: Id(1)] string Name,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Bytes,
    [property: Id(4)] string Sha256,
    [property: Id(5)] string Blob,
    [property: Id(6)] string By,
    [property: Id(7)] DateTimeOffset At);

[GenerateSerializer, Immutable]
public sealed record ProblemView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Village,
    [property: Id(2)] string Category,
    [property: Id(3)] string Description,
    [property: Id(4)] ProblemSeverity Severity,
    [property: Id(5)] ProblemSource Source,
    [property: Id(6)] string Responsible,
    [property: Id(7)] DateOnly Deadline,
    [property: Id(8)] ProblemStatus Status,
    [property: Id(9)] bool Overdue,
    [property: Id(10)] DateOnly? OverdueNoted,
    [property: Id(11)] IReadOnlyList<TransitionView> Transitions,
    [property: Id(12)] IReadOnlyList<AttachmentView> Attachments);
