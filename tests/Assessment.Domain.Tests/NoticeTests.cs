using Assessment.Domain.Cycles;
using Assessment.Domain.Notice;
using Assessment.Domain.Review;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Public notice (公示) and objections (异议)".</summary>
public class NoticeTests
{
    private const string Listed = "370322102201";
    private static readonly DateTimeOffset Started = DateTimeOffset.Parse("2024-07-01T01:00:00Z"); // 09:00 in Shanghai
    private static readonly NoticeWindow FiveDays = PublicNotice.Start(5, Started);
    private const string TenCharacters = "评定结果与实际不符合"; // 评 定 结 果 与 实 际 不 符 合

    private static ObjectionChange Lodge(string? village = Listed, string? text = TenCharacters, string? contact = null) =>
        Objection.Lodge("o1", new ObjectionInput(village, text, contact), v => v == Listed, Started.AddHours(1));

    private static Objection Lodged() => Lodge().Objection!;

    // ---- noticeDays and the window ----

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(30)]
    public void Notice_days_are_0_to_30(int days) => PublicNotice.ValidateDays(days).Should().BeEmpty();

    [Theory]
    [InlineData(-1)]
    [InlineData(31)]
    public void Notice_days_outside_0_to_30_are_refused_naming_the_field(int days) =>
        PublicNotice.ValidateDays(days).Should().ContainSingle().Which.Field.Should().Be("noticeDays");

    [Fact]
    public void A_notice_runs_from_now_for_noticeDays_times_24_hours()
    {
        // 2024-07-01T01:00Z + 5 × 24 h = 2024-07-06T01:00Z
        FiveDays.Should().Be(new NoticeWindow(Started, DateTimeOffset.Parse("2024-07-06T01:00:00Z")));
    }

    // ---- starting and withdrawing ----

    [Fact]
    public void The_notice_starts_from_Computed_once_every_movement_is_decided() =>
        PublicNotice.WhyNotStart(CyclePhase.Computed, noticeDays: 5, undecided: 0).Should().BeNull();

    [Fact]
    public void The_notice_does_not_start_while_a_movement_is_undecided() =>
        PublicNotice.WhyNotStart(CyclePhase.Computed, 5, undecided: 3).Should().StartWith("3 movement(s) are undecided");

    [Fact]
    public void A_cycle_without_notice_days_has_no_notice_to_start() =>
        PublicNotice.WhyNotStart(CyclePhase.Computed, 0, 0).Should().Contain("publish it directly");

    [Theory]
    [InlineData(CyclePhase.Open)]
    [InlineData(CyclePhase.Frozen)]
    [InlineData(CyclePhase.Notice)]
    [InlineData(CyclePhase.Published)]
    public void The_notice_starts_only_from_Computed(CyclePhase phase) =>
        PublicNotice.WhyNotStart(phase, 5, 0).Should().NotBeNull();

    [Fact]
    public void Only_a_running_notice_can_be_withdrawn()
    {
        PublicNotice.WhyNotWithdraw(CyclePhase.Notice).Should().BeNull();
        PublicNotice.WhyNotWithdraw(CyclePhase.Computed).Should().Be("the cycle is Computed; only a running public notice (公示) can be withdrawn");
        PublicNotice.WhyNotWithdraw(CyclePhase.Published).Should().NotBeNull();
    }

    // ---- publishing ----

    [Fact]
    public void Without_a_notice_a_cycle_is_published_from_Computed() =>
        PublicNotice.WhyNotPublish(CyclePhase.Computed, noticeDays: 0, null, 0, Started).Should().BeNull();

    [Fact]
    public void With_notice_days_publishing_from_Computed_is_refused() =>
        PublicNotice.WhyNotPublish(CyclePhase.Computed, noticeDays: 5, null, 0, Started)
            .Should().Be("this cycle has a 5-day public notice (公示): start the notice, and publish once it has run its full time");

    [Fact]
    public void Publishing_is_refused_before_the_notice_has_run_its_full_time()
    {
        var almost = Started + new TimeSpan(4, 23, 0, 0); // 4 days 23 hours: one hour short of 5 × 24 h
        PublicNotice.WhyNotPublish(CyclePhase.Notice, 5, FiveDays, openObjections: 0, almost)
            .Should().Be("the public notice (公示) runs until 2024-07-06 09:00 (北京时间); publish once it has run its full time"); // 01:00Z + 8 h
        PublicNotice.WhyNotPublish(CyclePhase.Notice, 5, FiveDays, 0, FiveDays.Until.AddTicks(-1)).Should().NotBeNull();
    }

    [Fact]
    public void Publishing_is_allowed_after_5_days_when_no_objection_is_open()
    {
        PublicNotice.WhyNotPublish(CyclePhase.Notice, 5, FiveDays, openObjections: 0, Started.AddDays(5)).Should().BeNull();
        PublicNotice.WhyNotPublish(CyclePhase.Notice, 5, FiveDays, 0, Started.AddDays(12)).Should().BeNull();
    }

    [Fact]
    public void Publishing_is_refused_while_an_objection_is_open() =>
        PublicNotice.WhyNotPublish(CyclePhase.Notice, 5, FiveDays, openObjections: 1, Started.AddDays(5))
            .Should().Be("1 objection(s) (异议) are still open: resolve every objection before publishing");

    [Fact]
    public void Both_reasons_are_given_when_both_hold() =>
        PublicNotice.WhyNotPublish(CyclePhase.Notice, 5, FiveDays, openObjections: 2, Started.AddDays(1))
            .Should().Contain("runs until").And.Contain("2 objection(s)");

    [Theory]
    [InlineData(CyclePhase.Open)]
    [InlineData(CyclePhase.Frozen)]
    [InlineData(CyclePhase.Published)]
    public void Publishing_is_refused_before_compute_and_after_publishing(CyclePhase phase) =>
        PublicNotice.WhyNotPublish(phase, 0, null, 0, Started).Should().NotBeNull();

    // ---- lodging objections ----

    [Fact]
    public void Objections_are_taken_while_the_notice_runs_and_not_after_it_ends()
    {
        PublicNotice.WhyNotObject(CyclePhase.Notice, FiveDays, Started).Should().BeNull();
        PublicNotice.WhyNotObject(CyclePhase.Notice, FiveDays, FiveDays.Until.AddSeconds(-1)).Should().BeNull();
        PublicNotice.WhyNotObject(CyclePhase.Notice, FiveDays, FiveDays.Until).Should().Be("the public notice (公示) ended at 2024-07-06 09:00 (北京时间); objections are no longer taken");
        PublicNotice.WhyNotObject(CyclePhase.Computed, null, Started).Should().NotBeNull();
        PublicNotice.WhyNotObject(CyclePhase.Published, FiveDays, Started).Should().NotBeNull();
    }

    [Fact]
    public void An_objection_keeps_its_village_text_and_contact_trimmed()
    {
        var o = Objection.Lodge("o1", new ObjectionInput($" {Listed} ", $"  {TenCharacters}\n", " 138 0000 0000 "), v => v == Listed, Started).Objection!;
        (o.Id, o.Village, o.Text, o.Contact, o.At).Should().Be(("o1", Listed, TenCharacters, "138 0000 0000", Started));
        o.Status.Should().Be(ObjectionStatus.Open);
    }

    [Fact]
    public void The_text_is_10_to_1000_characters_after_trimming()
    {
        Lodge(text: TenCharacters).Ok.Should().BeTrue();
        Lodge(text: new string('异', 1000)).Ok.Should().BeTrue();

        // 9 characters with spaces around them: the spaces do not count
        Lodge(text: "   评定结果与实际不符   ").Errors.Should().ContainSingle()
            .Which.Should().Be(new ValidationError("the objection has 9 characters; it needs 10 to 1,000", Field: "text"));
        Lodge(text: new string('异', 1001)).Errors.Should().ContainSingle(e => e.Field == "text" && e.Message.Contains("1,001"));
        Lodge(text: "  ").Errors.Should().ContainSingle(e => e.Field == "text" && e.Message == "the objection is required");
    }

    [Fact]
    public void Control_characters_other_than_line_breaks_and_tabs_are_refused()
    {
        Lodge(text: "第一行：评定结果\r\n\t第二行：与实际不符").Ok.Should().BeTrue();
        Lodge(text: "评定结果与实际不符\u0000请核实").Errors.Should().ContainSingle(e => e.Field == "text");
        Lodge(text: "评定结果与实际不符\u001b[2J请核实").Errors.Should().ContainSingle(e => e.Field == "text");
        Lodge(contact: "138\u00070000").Errors.Should().ContainSingle(e => e.Field == "contact");
    }

    [Fact]
    public void The_contact_is_optional_and_at_most_100_characters()
    {
        Lodge(contact: null).Objection!.Contact.Should().BeNull();
        Lodge(contact: "  ").Objection!.Contact.Should().BeNull();
        Lodge(contact: new string('1', 100)).Ok.Should().BeTrue();
        Lodge(contact: new string('1', 101)).Errors.Should().ContainSingle(e => e.Field == "contact");
    }

    [Fact]
    public void An_objection_against_a_village_not_on_the_notice_is_refused()
    {
        Lodge(village: "370322102299").Errors.Should().ContainSingle(e => e.Field == "village" && e.Message.StartsWith("370322102299 is not on the public notice"));
        Lodge(village: " ").Errors.Should().ContainSingle(e => e.Field == "village" && e.Message == "the village is required");
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once() =>
        Lodge(village: null, text: "短", contact: new string('x', 101)).Errors.Select(e => e.Field).Should().Equal("village", "text", "contact");

    // ---- an identical text counts once ----

    [Fact]
    public void The_same_text_for_the_same_village_has_the_same_key()
    {
        var key = Objection.KeyOf(Listed, TenCharacters);
        key.Should().MatchRegex("^[0-9a-f]{64}$");
        Objection.KeyOf(Listed, TenCharacters).Should().Be(key);
        Lodged().Key.Should().Be(key);
    }

    [Theory]
    [InlineData("  评定结果与实际不符合  ")]  // spaces around it
    [InlineData("评定结果与实际不符合\r\n")]  // a trailing line break
    [InlineData("\t评定结果与实际不符合")]     // a leading tab
    public void White_space_around_the_text_does_not_make_it_another_text(string text) =>
        Objection.KeyOf(Listed, text).Should().Be(Objection.KeyOf(Listed, text.Trim()));

    [Fact]
    public void Runs_of_white_space_and_line_breaks_count_as_one_space()
    {
        var key = Objection.KeyOf(Listed, "该村 评定结果 不实");
        Objection.KeyOf(Listed, "该村  评定结果\t不实").Should().Be(key);
        Objection.KeyOf(Listed, "该村\r\n评定结果\n\n不实").Should().Be(key);
        Objection.KeyOf(Listed, "该村\u3000评定结果 不实").Should().Be(key); // the full-width (ideographic) space
    }

    [Fact]
    public void Full_width_and_half_width_forms_are_the_same_text() =>
        Objection.KeyOf(Listed, "２０２４年评分有误ＡＢＣ").Should().Be(Objection.KeyOf(Listed, "2024年评分有误ABC"));

    [Fact]
    public void Other_words_case_or_another_village_make_another_objection()
    {
        var key = Objection.KeyOf(Listed, "该村评定结果不实 abc");
        Objection.KeyOf(Listed, "该村评定结果不实 ABC").Should().NotBe(key);
        Objection.KeyOf(Listed, "该村评定结果不实，abc").Should().NotBe(key);
        Objection.KeyOf(Listed, "该村评定结果不实abc").Should().NotBe(key); // no space is not one space
        Objection.KeyOf("370322102202", "该村评定结果不实 abc").Should().NotBe(key);
    }

    // ---- resolving ----

    private static readonly DateTimeOffset Resolved = DateTimeOffset.Parse("2024-07-03T02:00:00Z");

    [Fact]
    public void Dismissing_records_the_reason_who_and_when_and_leaves_the_decision()
    {
        var o = Lodged().Resolve(new ResolutionInput("dismiss", " 经核实，评定依据充分 ", null), CyclePhase.Notice, "province", Resolved).Objection!;

        o.Status.Should().Be(ObjectionStatus.Resolved);
        o.Resolution.Should().Be(new ObjectionResolution(ObjectionOutcome.Dismiss, "经核实，评定依据充分", null, "province", Resolved));
        o.Resolution!.AsDecision().Should().BeNull();
    }

    [Fact]
    public void Upholding_with_a_tier_replaces_the_decision_as_an_override_with_that_reason()
    {
        var o = Lodged().Resolve(new ResolutionInput("Uphold", "存在未整改的重大问题", "excellence"), CyclePhase.Notice, "province", Resolved).Objection!;

        o.Resolution!.AsDecision().Should().Be(new DecisionRecord(Decision.Override, Tier.Excellence, "存在未整改的重大问题", "province", Resolved));
    }

    [Fact]
    public void Upholding_without_a_tier_leaves_the_decision() =>
        Lodged().Resolve(new ResolutionInput("uphold", "已责成县里说明情况", " "), CyclePhase.Notice, "province", Resolved)
            .Objection!.Resolution!.Should().Match<ObjectionResolution>(r => r.Tier == null && r.AsDecision() == null);

    [Fact]
    public void Resolving_needs_a_reason() =>
        Lodged().Resolve(new ResolutionInput("dismiss", "  ", null), CyclePhase.Notice, "province", Resolved).Errors
            .Should().ContainSingle().Which.Should().Be(new ValidationError("the reason is required", Field: "reason"));

    [Fact]
    public void The_outcome_is_dismiss_or_uphold_and_the_tier_a_tier()
    {
        var errors = Lodged().Resolve(new ResolutionInput("ignore", "理由", "gold"), CyclePhase.Notice, "province", Resolved).Errors;
        errors.Select(e => e.Field).Should().Equal("outcome", "tier");
    }

    [Fact]
    public void Only_an_upheld_objection_may_set_a_tier() =>
        Lodged().Resolve(new ResolutionInput("dismiss", "理由", "foundation"), CyclePhase.Notice, "province", Resolved).Errors
            .Should().ContainSingle(e => e.Field == "tier" && e.Message.Contains("only uphold"));

    [Fact]
    public void A_resolved_objection_cannot_be_resolved_again()
    {
        var resolved = Lodged().Resolve(new ResolutionInput("dismiss", "理由", null), CyclePhase.Notice, "province", Resolved).Objection!;
        var again = resolved.Resolve(new ResolutionInput("uphold", "改判", "foundation"), CyclePhase.Notice, "province", Resolved.AddHours(1));

        again.Ok.Should().BeFalse();
        again.Errors.Should().BeEmpty();
        again.Conflict.Should().Be("objection o1 was already resolved (dismiss) by province at 2024-07-03 10:00 (北京时间)"); // 02:00Z + 8 h
    }

    [Fact]
    public void Objections_are_resolved_only_during_the_notice()
    {
        Lodged().Resolve(new ResolutionInput("dismiss", "理由", null), CyclePhase.Computed, "province", Resolved).Conflict
            .Should().Be("the cycle is Computed; objections are resolved only during the public notice (公示)");
        Lodged().Resolve(new ResolutionInput("dismiss", "理由", null), CyclePhase.Published, "province", Resolved).Conflict.Should().NotBeNull();
    }
}
