using System.Globalization;
using Assessment.Domain.Cycles;
using Assessment.Domain.Problems;

namespace Assessment.Domain.Notice;

/// <summary>When a cycle's public notice runs: from the moment it starts for noticeDays × 24 hours.</summary>
public sealed record NoticeWindow(DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>The notice has run its full time at <see cref="Until"/> itself.</summary>
    public bool IsOver(DateTimeOffset now) => now >= Until;
}

/// <summary>
/// 公示 (domain.md, "Public notice and objections"): the decided tiers are shown to the public for the
/// cycle's noticeDays before they are published, and anyone may object. Each check below answers
/// null when the step may be taken, or the reason it may not (a 409), in words for the province.
/// </summary>
public static class PublicNotice
{
    public const int MaxDays = 30;

    /// <summary>0 (no notice, publish straight from Computed) to 30 days.</summary>
    public static IReadOnlyList<ValidationError> ValidateDays(int noticeDays) =>
        noticeDays is < 0 or > MaxDays
            ? [new($"noticeDays is {noticeDays}; it must be 0 (no public notice) to {MaxDays} days", Field: "noticeDays")]
            : [];

    /// <summary>The notice starting <paramref name="now"/>: it ends exactly noticeDays × 24 hours later, whatever the calendar.</summary>
    public static NoticeWindow Start(int noticeDays, DateTimeOffset now) => new(now, now + TimeSpan.FromHours(24 * noticeDays));

    /// <summary>
    /// The notice starts from Computed, once every movement is decided, for a cycle that has one.
    /// A cycle with noticeDays 0 has no notice to start: it is published directly.
    /// </summary>
    public static string? WhyNotStart(CyclePhase phase, int noticeDays, int undecided) => phase switch
    {
        CyclePhase.Notice => "the public notice (公示) is already running; withdraw it first to start it again",
        not CyclePhase.Computed => $"the cycle is {phase}; the public notice (公示) starts from Computed, when every movement is decided",
        _ when noticeDays == 0 => "this cycle has no public notice (noticeDays is 0): publish it directly",
        _ when undecided > 0 => string.Create(CultureInfo.InvariantCulture, $"{undecided:N0} movement(s) are undecided: decide every movement before the public notice (公示) starts"),
        _ => null,
    };

    /// <summary>Withdrawing goes back to Computed, to change decisions; starting again runs the full noticeDays again.</summary>
    public static string? WhyNotWithdraw(CyclePhase phase) =>
        phase == CyclePhase.Notice ? null : $"the cycle is {phase}; only a running public notice (公示) can be withdrawn";

    /// <summary>
    /// Publishing from Computed is allowed only when the cycle has no notice (noticeDays 0); from Notice
    /// only once the notice has run its full time and every objection is resolved. Undecided
    /// movements are the caller's other check (they are listed, not counted here); a repeated publish
    /// of a Published cycle is the caller's to answer before asking.
    /// </summary>
    /// <param name="window">The running notice; required in Notice.</param>
    public static string? WhyNotPublish(CyclePhase phase, int noticeDays, NoticeWindow? window, int openObjections, DateTimeOffset now)
    {
        switch (phase)
        {
            case CyclePhase.Published:
                return "the cycle is already published";
            case CyclePhase.Open or CyclePhase.Frozen:
                return $"the cycle is {phase}: compute it and decide every movement before publishing";
            case CyclePhase.Computed:
                return noticeDays == 0 ? null : $"this cycle has a {noticeDays}-day public notice (公示): start the notice, and publish once it has run its full time";
        }
        ArgumentNullException.ThrowIfNull(window);
        var reasons = new List<string>(2);
        if (!window.IsOver(now))
            reasons.Add($"the public notice (公示) runs until {ProvinceTime.Format(window.Until)}; publish once it has run its full time");
        if (openObjections > 0)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{openObjections:N0} objection(s) (异议) are still open: resolve every objection before publishing"));
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>
    /// Objections are taken while the notice runs, up to <see cref="NoticeWindow.Until"/>: one lodged
    /// after it would hold up a publication whose notice is over, without end.
    /// </summary>
    public static string? WhyNotObject(CyclePhase phase, NoticeWindow? window, DateTimeOffset now) =>
        phase != CyclePhase.Notice || window is null ? "the cycle's results are not on public notice (公示); objections are taken only during the notice"
        : window.IsOver(now) ? $"the public notice (公示) ended at {ProvinceTime.Format(window.Until)}; objections are no longer taken"
        : null;
}
