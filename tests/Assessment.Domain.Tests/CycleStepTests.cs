using Assessment.Domain.Cycles;
using Assessment.Domain.Notice;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, Cycles; api.md, the cycle endpoints and their 409s: the phase machine (<see cref="CycleSteps"/>).</summary>
public class CycleStepTests
{
    private const string Cycle = "2024";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-07-10T01:00:00Z");
    /// <summary>A 5-day notice that has run its full time by <see cref="Now"/>.</summary>
    private static readonly NoticeWindow RunOut = PublicNotice.Start(5, Now.AddDays(-6));

    private static readonly string[] Steps = ["freeze", "reopen", "compute", "publish", "notice", "withdraw", "target"];

    /// <summary>
    /// What a request for <paramref name="step"/> comes to, as the grain asks it: "ok" (taken), "again"
    /// (already under way or done: the answer is the cycle as it is) or "409". A cycle with a 5-day
    /// notice that has run out and no open objection.
    /// </summary>
    private static string Ask(string step, CyclePhase phase, CycleWork work, int noticeDays = 5) => step switch
    {
        "freeze" => Verdict(CycleSteps.WhyNotFreeze(Cycle, phase)),
        "reopen" => Verdict(CycleSteps.WhyNotReopen(Cycle, phase, work)),
        "compute" => CycleSteps.IsComputing(work) ? "again" : Verdict(CycleSteps.WhyNotCompute(Cycle, phase, work)),
        "publish" => CycleSteps.IsPublishingOrPublished(phase, work) ? "again"
            : Verdict(CycleSteps.WhyNotPublish(Cycle, phase, work, noticeDays, phase == CyclePhase.Notice ? RunOut : null, openObjections: 0, Now)),
        "notice" => Verdict(CycleSteps.WhyNotStartNotice(Cycle, phase, work, noticeDays)),
        "withdraw" => Verdict(CycleSteps.WhyNotWithdrawNotice(Cycle, phase, work)),
        "target" => Verdict(CycleSteps.WhyNotSetTarget(Cycle, phase, work)),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static string Verdict(string? why) => why is null ? "ok" : "409";

    /// <summary>
    /// Every step in every state a cycle can be in: work runs only in Frozen (computing) and in Computed
    /// or Notice (publishing), since those are the phases it starts from and keeps until done.
    /// </summary>
    [Theory]
    //          phase                 work                   freeze reopen compute publish notice withdraw target
    [InlineData(CyclePhase.Open,      CycleWork.None,       "ok     409    409     409     409    409      ok")]
    [InlineData(CyclePhase.Frozen,    CycleWork.None,       "409    ok     ok      409     409    409      ok")]
    [InlineData(CyclePhase.Computed,  CycleWork.None,       "409    ok     ok      409     ok     409      ok")]
    [InlineData(CyclePhase.Notice,    CycleWork.None,       "409    409    409     ok      409    ok       ok")]
    [InlineData(CyclePhase.Published, CycleWork.None,       "409    409    409     again   409    409      409")]
    [InlineData(CyclePhase.Frozen,    CycleWork.Computing,  "409    ok     again   409     409    409      ok")]
    [InlineData(CyclePhase.Computed,  CycleWork.Publishing, "409    409    409     again   409    409      409")]
    [InlineData(CyclePhase.Notice,    CycleWork.Publishing, "409    409    409     again   409    409      409")]
    public void Each_step_is_taken_only_where_the_phase_machine_allows_it(CyclePhase phase, CycleWork work, string expected)
    {
        var row = string.Join(" ", Steps.Select(s => $"{s}:{Ask(s, phase, work)}"));
        var want = string.Join(" ", Steps.Zip(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), (s, v) => $"{s}:{v}"));
        row.Should().Be(want);
    }

    [Fact]
    public void Without_a_notice_a_Computed_cycle_is_published_directly_and_has_no_notice_to_start()
    {
        Ask("publish", CyclePhase.Computed, CycleWork.None, noticeDays: 0).Should().Be("ok");
        Ask("notice", CyclePhase.Computed, CycleWork.None, noticeDays: 0).Should().Be("409");
    }

    /// <summary>The refusals clients and tests read, word for word.</summary>
    [Theory]
    [InlineData("freeze", CyclePhase.Frozen, CycleWork.None, "Cycle 2024 is Frozen; only an Open cycle can be frozen.")]
    [InlineData("reopen", CyclePhase.Computed, CycleWork.Publishing, "Cycle 2024 is being published; it cannot be reopened.")]
    [InlineData("reopen", CyclePhase.Notice, CycleWork.None, "Cycle 2024 is Notice; only a Frozen or Computed cycle can be reopened.")]
    [InlineData("compute", CyclePhase.Open, CycleWork.None, "Cycle 2024 is Open: data entry must be frozen (POST /api/cycles/2024/freeze) before computing.")]
    [InlineData("compute", CyclePhase.Notice, CycleWork.None, "Cycle 2024 is Notice; its proposals do not change now.")]
    [InlineData("compute", CyclePhase.Computed, CycleWork.Publishing, "Cycle 2024 is being published; its proposals do not change now.")]
    [InlineData("publish", CyclePhase.Frozen, CycleWork.Computing, "Cycle 2024 is being computed; only a Computed cycle, or one whose public notice (公示) has run, can be published.")]
    [InlineData("publish", CyclePhase.Open, CycleWork.None, "Cycle 2024 is Open; only a Computed cycle, or one whose public notice (公示) has run, can be published.")]
    [InlineData("publish", CyclePhase.Computed, CycleWork.None, "Cycle 2024 cannot be published: this cycle has a 5-day public notice (公示): start the notice, and publish once it has run its full time.")]
    [InlineData("notice", CyclePhase.Frozen, CycleWork.Computing, "Cycle 2024 is being computed; the public notice (公示) starts from Computed.")]
    [InlineData("notice", CyclePhase.Notice, CycleWork.Publishing, "Cycle 2024 is being published; the public notice (公示) starts from Computed.")]
    [InlineData("notice", CyclePhase.Notice, CycleWork.None, "Cycle 2024: the public notice (公示) is already running; withdraw it first to start it again.")]
    [InlineData("withdraw", CyclePhase.Computed, CycleWork.None, "Cycle 2024: the cycle is Computed; only a running public notice (公示) can be withdrawn.")]
    [InlineData("withdraw", CyclePhase.Notice, CycleWork.Publishing, "Cycle 2024 is being published; its public notice (公示) can no longer be withdrawn.")]
    [InlineData("target", CyclePhase.Published, CycleWork.None, "Cycle 2024 is published: its targets no longer change.")]
    [InlineData("target", CyclePhase.Notice, CycleWork.Publishing, "Cycle 2024 is being published: its targets no longer change.")]
    public void A_refusal_says_why_in_the_words_clients_read(string step, CyclePhase phase, CycleWork work, string expected) =>
        Why(step, phase, work).Should().Be(expected);

    private static string? Why(string step, CyclePhase phase, CycleWork work) => step switch
    {
        "freeze" => CycleSteps.WhyNotFreeze(Cycle, phase),
        "reopen" => CycleSteps.WhyNotReopen(Cycle, phase, work),
        "compute" => CycleSteps.WhyNotCompute(Cycle, phase, work),
        "publish" => CycleSteps.WhyNotPublish(Cycle, phase, work, 5, null, 0, Now),
        "notice" => CycleSteps.WhyNotStartNotice(Cycle, phase, work, 5),
        "withdraw" => CycleSteps.WhyNotWithdrawNotice(Cycle, phase, work),
        "target" => CycleSteps.WhyNotSetTarget(Cycle, phase, work),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    [Fact]
    public void Publishing_from_Notice_waits_for_the_full_notice_and_every_objection()
    {
        var running = PublicNotice.Start(5, Now.AddDays(-1));
        CycleSteps.WhyNotPublish(Cycle, CyclePhase.Notice, CycleWork.None, 5, running, 0, Now)
            .Should().StartWith("Cycle 2024 cannot be published: the public notice (公示) runs until ");
        CycleSteps.WhyNotPublish(Cycle, CyclePhase.Notice, CycleWork.None, 5, RunOut, 2, Now)
            .Should().Be("Cycle 2024 cannot be published: 2 objection(s) (异议) are still open: resolve every objection before publishing.");
        CycleSteps.WhyNotPublish(Cycle, CyclePhase.Notice, CycleWork.None, 5, RunOut, 0, Now).Should().BeNull();
    }

    // ---- the deadline ----

    private static readonly DateTimeOffset ClosesAt = DateTimeOffset.Parse("2024-06-30T16:00:00Z"); // midnight in Shanghai

    [Fact]
    public void An_Open_cycle_one_minute_before_its_deadline_stays_Open() =>
        CycleSteps.IsDueToFreeze(CyclePhase.Open, ClosesAt, ClosesAt.AddMinutes(-1)).Should().BeFalse();

    [Fact]
    public void An_Open_cycle_at_its_deadline_and_after_it_is_Frozen()
    {
        CycleSteps.IsDueToFreeze(CyclePhase.Open, ClosesAt, ClosesAt).Should().BeTrue();
        CycleSteps.IsDueToFreeze(CyclePhase.Open, ClosesAt, ClosesAt.AddDays(3)).Should().BeTrue();
    }

    [Theory]
    [InlineData(CyclePhase.Frozen)]
    [InlineData(CyclePhase.Computed)]
    [InlineData(CyclePhase.Notice)]
    [InlineData(CyclePhase.Published)]
    public void The_deadline_moves_only_an_Open_cycle(CyclePhase phase) =>
        CycleSteps.IsDueToFreeze(phase, ClosesAt, ClosesAt.AddMinutes(1)).Should().BeFalse();

    [Fact]
    public void A_cycle_without_a_deadline_stays_Open() =>
        CycleSteps.IsDueToFreeze(CyclePhase.Open, null, ClosesAt).Should().BeFalse();

    [Fact]
    public void Reopening_keeps_a_deadline_still_ahead_and_drops_one_that_has_passed()
    {
        CycleSteps.ClosesAtOnReopen(ClosesAt, ClosesAt.AddMinutes(-1)).Should().Be(ClosesAt);
        CycleSteps.ClosesAtOnReopen(ClosesAt, ClosesAt).Should().BeNull();
        CycleSteps.ClosesAtOnReopen(null, ClosesAt).Should().BeNull();
    }

    // ---- what the work does to the phase ----

    [Fact]
    public void Finished_work_moves_the_cycle_on()
    {
        CycleSteps.PhaseAfter(CycleWork.Computing).Should().Be(CyclePhase.Computed);
        CycleSteps.PhaseAfter(CycleWork.Publishing).Should().Be(CyclePhase.Published);
    }

    [Theory]
    [InlineData(CyclePhase.Computed, CycleWork.None, true)]
    [InlineData(CyclePhase.Frozen, CycleWork.Computing, false)]
    [InlineData(CyclePhase.Computed, CycleWork.Publishing, false)]
    [InlineData(CyclePhase.Notice, CycleWork.None, false)]
    [InlineData(CyclePhase.Published, CycleWork.None, false)]
    public void A_countys_decision_counts_are_taken_in_Computed_with_nothing_running(CyclePhase phase, CycleWork work, bool taken) =>
        CycleSteps.TakesDecisionCounts(phase, work).Should().Be(taken);
}
