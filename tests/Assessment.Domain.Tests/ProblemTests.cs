using Assessment.Domain;
using Assessment.Domain.Problems;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Problem rectification (问题整顿)": recording, the closed loop, and supervision (overdue).</summary>
public class ProblemTests
{
    private const string Village = "370322102201";
    private static readonly DateTimeOffset Recorded = DateTimeOffset.Parse("2024-06-01T02:00:00Z"); // 10:00 in Shanghai

    private static readonly ProblemInput Valid = new("班子建设", "“三会一课”记录不全，部分月份缺少会议记录。", "major", "inspection", "张三（村党支部书记）", "2024-06-30");

    private static Problem Record(string deadline = "2024-06-30", DateTimeOffset? at = null, string severity = "major", string id = "p1", string village = Village) =>
        Problem.Record(id, village, Valid with { Deadline = deadline, Severity = severity }, "county-officer", at ?? Recorded).Problem!;

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant);

    // ---- recording ----

    [Fact]
    public void A_recorded_problem_keeps_its_fields_and_is_Open_with_who_recorded_it_and_when()
    {
        var change = Problem.Record("p1", Village, Valid with { Category = "  班子建设  " }, "county-officer", Recorded);

        change.Ok.Should().BeTrue();
        var p = change.Problem!;
        (p.Id, p.Village, p.Category, p.Severity, p.Source, p.Responsible).Should().Be(("p1", Village, "班子建设", ProblemSeverity.Major, ProblemSource.Inspection, "张三（村党支部书记）"));
        p.Deadline.Should().Be(new DateOnly(2024, 6, 30));
        p.Status.Should().Be(ProblemStatus.Open);
        p.Transitions.Should().Equal(new ProblemTransition(ProblemStatus.Open, "county-officer", Recorded));
    }

    [Fact]
    public void Every_field_of_a_new_problem_is_checked_and_each_error_names_its_field()
    {
        var change = Problem.Record("p1", Village, new ProblemInput(" ", null, "serious", "newspaper", "", "30/06/2024"), "u", Recorded);

        change.Ok.Should().BeFalse();
        change.Conflict.Should().BeNull();
        change.Errors.Select(e => e.Field).Should().Equal("category", "description", "severity", "source", "responsible", "deadline");
        change.Errors.Single(e => e.Field == "severity").Message.Should().Be("'serious' is not a severity; use minor (一般) or major (重大)");
        change.Errors.Single(e => e.Field == "deadline").Message.Should().Contain("YYYY-MM-DD");
    }

    [Fact]
    public void Category_and_responsible_are_at_most_64_characters_and_the_description_at_most_2000_counted_as_a_reader_counts()
    {
        // 村 is one character to a reader; so is 👍🏽 (four UTF-16 units).
        Problem.Record("p", Village, Valid with { Category = new string('村', 64), Responsible = string.Concat(Enumerable.Repeat("👍🏽", 64)) }, "u", Recorded)
            .Ok.Should().BeTrue();
        Problem.Record("p", Village, Valid with { Description = new string('述', 2000) }, "u", Recorded).Ok.Should().BeTrue();

        var tooLong = Problem.Record("p", Village, Valid with { Category = new string('村', 65), Description = new string('述', 2001), Responsible = new string('张', 65) }, "u", Recorded);
        tooLong.Errors.Select(e => e.Field).Should().Equal("category", "description", "responsible");
        tooLong.Errors[1].Message.Should().Be("the description has 2,001 characters; at most 2,000 are allowed");
    }

    [Theory]
    [InlineData("minor", ProblemSeverity.Minor)]
    [InlineData("MAJOR", ProblemSeverity.Major)]
    [InlineData(" major ", ProblemSeverity.Major)]
    public void Severity_is_minor_or_major_in_any_case(string word, ProblemSeverity expected) =>
        Record(severity: word).Severity.Should().Be(expected);

    [Theory]
    [InlineData("inspection", ProblemSource.Inspection)]
    [InlineData("hotline", ProblemSource.Hotline)]
    [InlineData("self-check", ProblemSource.SelfCheck)]
    [InlineData("Self-Check", ProblemSource.SelfCheck)]
    [InlineData("other", ProblemSource.Other)]
    public void Source_is_one_of_the_four_wire_words(string word, ProblemSource expected)
    {
        ProblemSources.TryParse(word, out var source).Should().BeTrue();
        source.Should().Be(expected);
    }

    [Theory]
    [InlineData("selfcheck")]
    [InlineData("self_check")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_source_words_are_refused(string? word) => ProblemSources.TryParse(word, out _).Should().BeFalse();

    [Fact]
    public void Self_check_is_written_with_a_hyphen_on_the_wire()
    {
        ProblemSource.SelfCheck.ToWire().Should().Be("self-check");
        ProblemSource.Inspection.ToWire().Should().Be("inspection");
        ProblemSeverity.Major.ToWire().Should().Be("major");
        ProblemStatus.Rectified.ToWire().Should().Be("rectified");
    }

    [Fact]
    public void A_severity_given_as_a_number_is_refused() =>
        Problem.Record("p", Village, Valid with { Severity = "1" }, "u", Recorded).Errors.Should().ContainSingle(e => e.Field == "severity");

    [Theory]
    [InlineData("2024-6-30")]
    [InlineData("2024/06/30")]
    [InlineData("2024-02-30")] // no such day
    [InlineData("2023-02-29")] // not a leap year
    [InlineData("2024-06-30T00:00:00")]
    [InlineData("")]
    public void A_deadline_must_be_a_real_date_written_YYYY_MM_DD(string deadline) =>
        Problem.Record("p", Village, Valid with { Deadline = deadline }, "u", Recorded).Errors.Should().ContainSingle(e => e.Field == "deadline");

    [Fact]
    public void A_leap_day_is_a_deadline() => Record(deadline: "2024-02-29").Deadline.Should().Be(new DateOnly(2024, 2, 29));

    [Theory]
    [InlineData("0224-06-30")]
    [InlineData("2204-06-30")]
    public void A_deadline_outside_this_century_is_taken_for_a_typing_error(string deadline) =>
        Problem.Record("p", Village, Valid with { Deadline = deadline }, "u", Recorded).Errors.Should().ContainSingle(e => e.Field == "deadline" && e.Message.Contains("2000-01-01"));

    // ---- the closed loop ----

    [Fact]
    public void Rectifying_records_the_evidence_who_and_when()
    {
        var at = At("2024-06-20T03:00:00Z");
        var p = Record().Rectify("  已补齐 1–5 月会议记录，支部书记签字确认。 ", "officer-2", at).Problem!;

        p.Status.Should().Be(ProblemStatus.Rectified);
        p.Transitions[^1].Should().Be(new ProblemTransition(ProblemStatus.Rectified, "officer-2", at, Evidence: "已补齐 1–5 月会议记录，支部书记签字确认。"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Rectifying_needs_evidence(string? evidence)
    {
        var change = Record().Rectify(evidence, "u", Recorded);
        change.Conflict.Should().BeNull();
        change.Errors.Should().ContainSingle().Which.Should().Be(new ValidationError("the evidence is required", Field: "evidence"));
    }

    [Fact]
    public void Evidence_is_at_most_2000_characters() =>
        Record().Rectify(new string('证', 2001), "u", Recorded).Errors.Should().ContainSingle(e => e.Field == "evidence");

    [Fact]
    public void Verifying_closes_the_loop_and_the_note_is_optional()
    {
        var rectified = Record().Rectify("已整改", "u", Recorded).Problem!;

        var withNote = rectified.Verify(" 现场核查属实 ", "verifier", At("2024-06-25T01:00:00Z")).Problem!;
        withNote.Status.Should().Be(ProblemStatus.Verified);
        withNote.Transitions[^1].Should().Be(new ProblemTransition(ProblemStatus.Verified, "verifier", At("2024-06-25T01:00:00Z"), Note: "现场核查属实"));

        rectified.Verify(null, "verifier", Recorded).Problem!.Transitions[^1].Note.Should().BeNull();
        rectified.Verify("  ", "verifier", Recorded).Problem!.Transitions[^1].Note.Should().BeNull();
    }

    [Fact]
    public void A_note_is_at_most_500_characters() =>
        Record().Rectify("已整改", "u", Recorded).Problem!.Verify(new string('注', 501), "u", Recorded).Errors.Should().ContainSingle(e => e.Field == "note");

    [Fact]
    public void Reopening_sends_a_rectified_problem_back_to_Open_with_its_reason_and_it_can_be_rectified_again()
    {
        var reopened = Record().Rectify("已整改", "u", Recorded).Problem!.Reopen("复查发现 5 月记录仍缺失", "verifier", At("2024-06-22T01:00:00Z")).Problem!;

        reopened.Status.Should().Be(ProblemStatus.Open);
        reopened.Transitions[^1].Should().Be(new ProblemTransition(ProblemStatus.Open, "verifier", At("2024-06-22T01:00:00Z"), Reason: "复查发现 5 月记录仍缺失"));
        reopened.Rectify("已补齐 5 月记录", "u", Recorded).Problem!.Transitions.Select(t => t.Status)
            .Should().Equal(ProblemStatus.Open, ProblemStatus.Rectified, ProblemStatus.Open, ProblemStatus.Rectified);
    }

    [Fact]
    public void Reopening_needs_a_reason() =>
        Record().Rectify("已整改", "u", Recorded).Problem!.Reopen(" ", "u", Recorded).Errors
            .Should().ContainSingle().Which.Should().Be(new ValidationError("the reason is required", Field: "reason"));

    [Fact]
    public void Only_an_open_problem_can_be_rectified()
    {
        var rectified = Record().Rectify("已整改", "u", Recorded).Problem!;
        var change = rectified.Rectify("again", "u", Recorded);

        change.Ok.Should().BeFalse();
        change.Errors.Should().BeEmpty();
        change.Conflict.Should().Be("problem p1 is rectified (已整改); only an open problem can be rectified: verify it, or reopen it if the fix does not hold");
    }

    [Fact]
    public void Only_a_rectified_problem_can_be_verified_or_reopened()
    {
        var open = Record();
        open.Verify(null, "u", Recorded).Conflict.Should().Be("problem p1 is open (待整改); only a rectified problem can be verified: rectify it, with evidence, first");
        open.Reopen("why", "u", Recorded).Conflict.Should().StartWith("problem p1 is open (待整改); only a rectified problem can be reopened");
    }

    [Fact]
    public void A_verified_problem_is_closed_for_every_step()
    {
        var verified = Record().Rectify("已整改", "u", Recorded).Problem!.Verify(null, "u", Recorded).Problem!;

        verified.Rectify("x", "u", Recorded).Conflict.Should().EndWith("a verified problem is closed; record a new problem if it came back");
        verified.Verify(null, "u", Recorded).Conflict.Should().NotBeNull();
        verified.Reopen("came back", "u", Recorded).Conflict.Should().NotBeNull();
    }

    [Fact]
    public void A_wrong_status_is_a_conflict_even_when_the_fields_are_bad_too() =>
        Record().Verify(new string('注', 501), "u", Recorded).Should().Match<ProblemChange>(c => c.Conflict != null && c.Errors.Count == 0);

    [Fact]
    public void A_refused_step_leaves_the_problem_as_it_was()
    {
        var open = Record();
        open.Rectify("", "u", Recorded);
        open.Verify(null, "u", Recorded);
        open.Transitions.Should().HaveCount(1);
        open.Status.Should().Be(ProblemStatus.Open);
    }

    // ---- supervision: overdue ----

    [Fact]
    public void The_province_date_is_read_in_Shanghai()
    {
        // UTC+8: 15:59:59Z is 23:59:59 the same day, 16:00:00Z is 00:00 the next.
        ProvinceTime.Today(At("2024-06-30T15:59:59Z")).Should().Be(new DateOnly(2024, 6, 30));
        ProvinceTime.Today(At("2024-06-30T16:00:00Z")).Should().Be(new DateOnly(2024, 7, 1));
        ProvinceTime.StartOf(new DateOnly(2024, 7, 1)).Should().Be(At("2024-06-30T16:00:00Z"));
        ProvinceTime.StartOf(new DateOnly(2024, 7, 1)).Offset.Should().Be(TimeSpan.FromHours(8));
    }

    [Fact]
    public void The_whole_deadline_day_counts_in_Shanghai()
    {
        var p = Record(deadline: "2024-06-30");
        p.IsOverdue(At("2024-06-30T15:59:59Z")).Should().BeFalse(); // 2024-06-30 23:59:59 in Shanghai: still the deadline day
        p.IsOverdue(At("2024-06-30T16:00:00Z")).Should().BeTrue();  // 2024-07-01 00:00:00 in Shanghai: the day after
    }

    [Fact]
    public void The_deadline_day_is_not_the_UTC_day()
    {
        // 2024-06-30T20:00Z is still 06-30 in UTC but already 2024-07-01 04:00 in Shanghai.
        Record(deadline: "2024-06-30").IsOverdue(At("2024-06-30T20:00:00Z")).Should().BeTrue();
        // 2024-06-29T17:00Z is 06-29 in UTC but 2024-06-30 01:00 in Shanghai: the deadline day itself.
        Record(deadline: "2024-06-30").IsOverdue(At("2024-06-29T17:00:00Z")).Should().BeFalse();
    }

    [Fact]
    public void The_first_overdue_instant_is_midnight_in_Shanghai_after_the_deadline()
    {
        // 2024-07-01 00:00 at +08:00 = 2024-06-30 16:00 UTC.
        Record(deadline: "2024-06-30").OverdueFrom.Should().Be(At("2024-06-30T16:00:00Z"));
        Overdue.From(new DateOnly(2024, 12, 31)).Should().Be(At("2024-12-31T16:00:00Z")); // into the next year
    }

    [Fact]
    public void A_problem_recorded_after_its_deadline_is_overdue_at_once()
    {
        // Written down after the inspection: deadline 2024-06-30, recorded 2024-07-05 09:00 in Shanghai.
        var at = At("2024-07-05T01:00:00Z");
        var p = Record(deadline: "2024-06-30", at: at);
        p.IsOverdue(at).Should().BeTrue();
        p.OverdueFrom.Should().BeBefore(at);
    }

    [Fact]
    public void A_rectified_problem_awaiting_verification_is_still_overdue_but_a_verified_one_never_is()
    {
        var late = At("2024-07-10T00:00:00Z");
        var rectified = Record(deadline: "2024-06-30").Rectify("已整改", "u", Recorded).Problem!;
        rectified.IsOverdue(late).Should().BeTrue();
        rectified.Verify(null, "u", Recorded).Problem!.IsOverdue(late).Should().BeFalse();
    }

    [Fact]
    public void A_major_problem_holds_a_Foundation_village_until_it_is_verified()
    {
        var major = Record(severity: "major");
        major.HoldsAtFoundation.Should().BeTrue();
        var rectified = major.Rectify("已整改", "u", Recorded).Problem!;
        rectified.HoldsAtFoundation.Should().BeTrue(); // rectified is not yet verified
        rectified.Verify(null, "u", Recorded).Problem!.HoldsAtFoundation.Should().BeFalse();
        Record(severity: "minor").HoldsAtFoundation.Should().BeFalse();
    }

    // ---- reports ----

    [Fact]
    public void Rectification_progress_counts_by_status_and_overdue_among_those_not_verified()
    {
        var now = At("2024-07-02T04:00:00Z"); // 2024-07-02 12:00 in Shanghai
        var problems = new[]
        {
            Record(deadline: "2024-06-30"),                                                           // open, overdue
            Record(deadline: "2024-07-02"),                                                           // open, due today: not overdue
            Record(deadline: "2024-07-01").Rectify("已整改", "u", Recorded).Problem!,                  // rectified, overdue
            Record(deadline: "2024-06-01").Rectify("已整改", "u", Recorded).Problem!.Verify(null, "u", Recorded).Problem!, // verified: never overdue
        };

        var counts = RectificationCounts.Of(problems, now);

        counts.Should().Be(new RectificationCounts(Open: 2, Overdue: 2, Rectified: 1, Verified: 1));
        counts.Total.Should().Be(4);
    }

    [Fact]
    public void County_rows_add_up_to_the_city_row() =>
        (new RectificationCounts(2, 1, 3, 4) + new RectificationCounts(1, 1, 0, 5)).Should().Be(new RectificationCounts(3, 2, 3, 9));

    [Fact]
    public void The_responsibility_list_says_who_must_fix_what_by_when_earliest_deadline_first()
    {
        var now = At("2024-07-02T04:00:00Z");
        var rows = new[]
        {
            ResponsibilityRow.Of(Record(deadline: "2024-07-15", id: "p1", village: "370322102201"), "甲村", now),
            ResponsibilityRow.Of(Record(deadline: "2024-06-30", id: "p2", village: "370322102202"), "乙村", now),
            ResponsibilityRow.Of(Record(deadline: "2024-06-30", id: "p4", village: "370322102201"), "甲村", now),
            ResponsibilityRow.Of(Record(deadline: "2024-06-30", id: "p3", village: "370322102201"), "甲村", now),
        };

        // by deadline; on the same deadline by village, then by problem id
        ResponsibilityRow.Ordered(rows).Select(r => r.Problem).Should().Equal("p3", "p4", "p2", "p1");
        rows[1].Should().Match<ResponsibilityRow>(r => r.Name == "乙村" && r.Responsible == "张三（村党支部书记）" && r.Overdue && r.Status == ProblemStatus.Open);
        rows[0].Overdue.Should().BeFalse();
    }
}
