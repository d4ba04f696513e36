using Assessment.Domain.Notice;

namespace Assessment.Domain.Cycles;

/// <summary>
/// The cycle's phase machine (domain.md, Cycles; api.md, the cycle endpoints and their 409s): which step
/// a cycle may take in which phase, and while which work runs. Each WhyNot… answers null when the step
/// may be taken, or the refusal (a 409) in the words clients read, naming the cycle; the public notice's
/// own rules are <see cref="PublicNotice"/>'s and are only asked here. What needs the counties (undecided
/// movements, objections counted afresh) is the caller's to find out and check.
/// </summary>
public static class CycleSteps
{
    // ---- the deadline ----

    /// <summary>
    /// The deadline holds whether or not its reminder has fired yet: whoever looks at an Open cycle
    /// past its closesAt finds it Frozen. At closesAt itself it is due.
    /// </summary>
    public static bool IsDueToFreeze(CyclePhase phase, DateTimeOffset? closesAt, DateTimeOffset now) =>
        phase == CyclePhase.Open && closesAt is { } closes && closes <= now;

    /// <summary>
    /// The deadline a cycle reopened at <paramref name="now"/> keeps: reopening after the deadline is a
    /// deliberate correction window, so a passed deadline no longer applies.
    /// </summary>
    public static DateTimeOffset? ClosesAtOnReopen(DateTimeOffset? closesAt, DateTimeOffset now) =>
        closesAt <= now ? null : closesAt;

    // ---- the steps ----

    /// <summary>Data entry ends: Open only (the deadline does it too, <see cref="IsDueToFreeze"/>).</summary>
    public static string? WhyNotFreeze(string cycle, CyclePhase phase) =>
        phase == CyclePhase.Open ? null : $"Cycle {cycle} is {phase}; only an Open cycle can be frozen.";

    /// <summary>Back to Open for corrections: from Frozen or Computed; a running compute is abandoned, a running publish is not.</summary>
    public static string? WhyNotReopen(string cycle, CyclePhase phase, CycleWork work) =>
        work == CycleWork.Publishing ? $"Cycle {cycle} is being published; it cannot be reopened."
        : phase is CyclePhase.Frozen or CyclePhase.Computed ? null
        : $"Cycle {cycle} is {phase}; only a Frozen or Computed cycle can be reopened.";

    /// <summary>A compute asked for while one runs is no new step: the answer is the cycle as it is. Ask this before <see cref="WhyNotCompute"/>.</summary>
    public static bool IsComputing(CycleWork work) => work == CycleWork.Computing;

    /// <summary>
    /// Rating every village: from Frozen, or again from Computed (the new proposals replace the old);
    /// never once the results are on notice, being published or published.
    /// </summary>
    public static string? WhyNotCompute(string cycle, CyclePhase phase, CycleWork work) =>
        work == CycleWork.Publishing || phase is CyclePhase.Published or CyclePhase.Notice
            ? $"Cycle {cycle} is {(work == CycleWork.Publishing ? "being published" : phase.ToString())}; its proposals do not change now."
        : phase == CyclePhase.Open ? $"Cycle {cycle} is Open: data entry must be frozen (POST /api/cycles/{cycle}/freeze) before computing."
        : null;

    /// <summary>A publish asked for while one runs, or once published, is no new step: the answer is the cycle as it is. Ask this before <see cref="WhyNotPublish"/>.</summary>
    public static bool IsPublishingOrPublished(CyclePhase phase, CycleWork work) =>
        work == CycleWork.Publishing || phase == CyclePhase.Published;

    /// <summary>
    /// Publishing: from Computed when the cycle has no notice, or from Notice once the notice has run its
    /// full time and no objection is open (<see cref="PublicNotice.WhyNotPublish"/>); never while computing.
    /// Undecided movements are the caller's other check (they are listed, not counted here).
    /// </summary>
    /// <param name="window">The running notice; required in Notice.</param>
    public static string? WhyNotPublish(string cycle, CyclePhase phase, CycleWork work, int noticeDays, NoticeWindow? window, int openObjections, DateTimeOffset now) =>
        work == CycleWork.Computing || phase is not (CyclePhase.Computed or CyclePhase.Notice)
            ? $"Cycle {cycle} is {(work == CycleWork.Computing ? "being computed" : phase.ToString())}; only a Computed cycle, or one whose public notice (公示) has run, can be published."
        : PublicNotice.WhyNotPublish(phase, noticeDays, window, openObjections, now) is { } why ? $"Cycle {cycle} cannot be published: {why}."
        : null;

    /// <summary>
    /// The public notice (公示) starts from Computed with nothing running, for a cycle that has one
    /// (<see cref="PublicNotice.WhyNotStart"/>). Undecided movements are the caller's other check.
    /// </summary>
    public static string? WhyNotStartNotice(string cycle, CyclePhase phase, CycleWork work, int noticeDays) =>
        work != CycleWork.None
            ? $"Cycle {cycle} is {(work == CycleWork.Computing ? "being computed" : "being published")}; the public notice (公示) starts from Computed."
        : PublicNotice.WhyNotStart(phase, noticeDays, undecided: 0) is { } why ? $"Cycle {cycle}: {why}."
        : null;

    /// <summary>
    /// Withdrawing the running notice goes back to Computed (<see cref="PublicNotice.WhyNotWithdraw"/>);
    /// not once its publication has started (the phase stays Notice until the publication is done,
    /// and a withdrawal then would answer Computed for a cycle about to be Published).
    /// </summary>
    public static string? WhyNotWithdrawNotice(string cycle, CyclePhase phase, CycleWork work) =>
        work == CycleWork.Publishing ? $"Cycle {cycle} is being published; its public notice (公示) can no longer be withdrawn."
        : PublicNotice.WhyNotWithdraw(phase) is { } why ? $"Cycle {cycle}: {why}."
        : null;

    /// <summary>A cycle shows proposals from Computed on (through the notice, and once published); while it is computed there are none.</summary>
    public static string? WhyNoProposals(string cycle, CyclePhase phase, CycleWork work, int computed, int villages) =>
        phase is CyclePhase.Computed or CyclePhase.Notice or CyclePhase.Published ? null
        : $"Cycle {cycle} has no proposals: {(work == CycleWork.Computing ? $"it is being computed ({computed:N0} of {villages:N0} villages)" : $"it is {phase}")}.";

    /// <summary>Movements are decided in Computed, and not once its publication has started; the notice has its own way (an upheld objection).</summary>
    public static string? WhyNotDecide(string cycle, CyclePhase phase, CycleWork work, int computed, int villages) =>
        WhyNoProposals(cycle, phase, work, computed, villages)
        ?? (phase != CyclePhase.Computed || work == CycleWork.Publishing
            ? $"Cycle {cycle} is {(work == CycleWork.Publishing ? "being published" : phase.ToString())}: its decisions do not change now."
            : null);

    /// <summary>Targets (逐年细化目标任务) change until the cycle is being published.</summary>
    public static string? WhyNotSetTarget(string cycle, CyclePhase phase, CycleWork work) =>
        phase == CyclePhase.Published || work == CycleWork.Publishing
            ? $"Cycle {cycle} is {(phase == CyclePhase.Published ? "published" : "being published")}: its targets no longer change."
            : null;

    // ---- what the work and the counties' reports do to the phase ----

    /// <summary>
    /// Computing makes the cycle Frozen until it is done: the new proposals replace the old, and until
    /// every county has them there are none.
    /// </summary>
    public static CyclePhase PhaseWhileComputing => CyclePhase.Frozen;

    /// <summary>Where finished work leaves the cycle: a compute makes it Computed, a publish Published.</summary>
    public static CyclePhase PhaseAfter(CycleWork work) => work switch
    {
        CycleWork.Computing => CyclePhase.Computed,
        CycleWork.Publishing => CyclePhase.Published,
        _ => throw new ArgumentOutOfRangeException(nameof(work), work, "no work runs"),
    };

    /// <summary>
    /// A county's counts after its decisions are taken in Computed with nothing running; while work runs
    /// its worker records each county's counts itself.
    /// </summary>
    public static bool TakesDecisionCounts(CyclePhase phase, CycleWork work) =>
        phase == CyclePhase.Computed && work == CycleWork.None;
}
