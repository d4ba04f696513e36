using Assessment.Domain.Cycles;
using Assessment.Domain.Scoring;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Scoring and the proposed tier", rules 1–4 with the default thresholds 85/80/70/65.</summary>
public class TierRuleTests
{
    private static Tier Propose(Tier? previous, decimal score, bool veto = false, int majorOpen = 0) =>
        TierRule.Propose(new TierInputs(previous, score, veto ? ["严重违纪违法问题"] : [], majorOpen), Thresholds.Default);

    private static IReadOnlyList<Reason> Why(Tier? previous, decimal score, bool veto = false, int majorOpen = 0) =>
        TierRule.Explain(new TierInputs(previous, score, veto ? ["严重违纪违法问题"] : [], majorOpen), Thresholds.Default).Reasons;

    [Fact]
    public void Rule_1_a_veto_proposes_Foundation_whatever_the_score() =>
        Propose(Tier.Demonstration, 99m, veto: true).Should().Be(Tier.Foundation);

    [Theory]
    [InlineData(85, Tier.Demonstration)]
    [InlineData(84.99, Tier.Excellence)]
    [InlineData(70, Tier.Excellence)]
    [InlineData(69.99, Tier.Foundation)]
    public void Rule_2_entering_a_tier_needs_its_enter_threshold(decimal score, Tier expected) =>
        Propose(null, score).Should().Be(expected);

    [Theory]
    [InlineData(80, Tier.Demonstration)]
    [InlineData(79.99, Tier.Excellence)]
    [InlineData(65, Tier.Excellence)]
    [InlineData(64.99, Tier.Foundation)]
    public void Rule_2_a_Demonstration_village_stays_down_to_80_then_Excellence_down_to_65(decimal score, Tier expected) =>
        Propose(Tier.Demonstration, score).Should().Be(expected);

    [Theory]
    [InlineData(65, Tier.Excellence)]
    [InlineData(64.99, Tier.Foundation)]
    [InlineData(84.99, Tier.Excellence)]
    [InlineData(85, Tier.Demonstration)]
    public void Rule_2_an_Excellence_village_stays_down_to_65_and_needs_85_for_Demonstration(decimal score, Tier expected) =>
        Propose(Tier.Excellence, score).Should().Be(expected);

    [Fact]
    public void Rule_2_a_Foundation_village_has_no_stay_band() =>
        Propose(Tier.Foundation, 69.99m).Should().Be(Tier.Foundation);

    [Fact]
    public void Rule_3_a_Foundation_village_moves_up_at_most_to_Excellence()
    {
        Propose(Tier.Foundation, 95m).Should().Be(Tier.Excellence);
        Why(Tier.Foundation, 95m).Select(r => r.En).Should().Equal(
            "score 95.00 ≥ 85, no veto: would reach 示范",
            "a village moves up at most one tier per cycle: moves up from 强基 to 创优");
    }

    [Fact]
    public void Rule_3_moving_down_is_not_limited() =>
        Propose(Tier.Demonstration, 40m).Should().Be(Tier.Foundation);

    [Fact]
    public void Rule_3_a_first_rating_is_not_capped() =>
        Propose(null, 90m).Should().Be(Tier.Demonstration);

    [Fact]
    public void Rule_4_a_Foundation_village_with_an_open_major_problem_is_held_at_Foundation()
    {
        Propose(Tier.Foundation, 75m, majorOpen: 1).Should().Be(Tier.Foundation);
        Why(Tier.Foundation, 75m, majorOpen: 1)[^1].En.Should().Be("held at 强基: 1 major problem still open");
        Why(Tier.Foundation, 75m, majorOpen: 2)[^1].Zh.Should().Be("保持强基：2 个重大问题尚未整改验收");
    }

    [Fact]
    public void Rule_4_a_hold_names_each_problem_and_its_deadline()
    {
        IReadOnlyList<MajorProblemHold> held = [new("370322102201-1", new DateOnly(2024, 6, 30)), new("370322102201-3", new DateOnly(2024, 9, 1))];
        var (tier, reasons) = TierRule.Explain(new TierInputs(Tier.Foundation, 90m, [], HeldBy: held), Thresholds.Default);
        tier.Should().Be(Tier.Foundation);
        reasons[^1].En.Should().Be("held at 强基: 2 major problems still open (370322102201-1, deadline 2024-06-30; 370322102201-3, deadline 2024-09-01)");
        reasons[^1].Zh.Should().Be("保持强基：2 个重大问题尚未整改验收（370322102201-1，整改期限 2024-06-30、370322102201-3，整改期限 2024-09-01）");
        TierRule.Propose(new TierInputs(Tier.Foundation, 90m, [], HeldBy: []), Thresholds.Default).Should().Be(Tier.Excellence, "no problem, no hold");
    }

    [Fact]
    public void Rule_4_does_not_hold_a_village_that_is_not_Foundation() =>
        Propose(Tier.Excellence, 86m, majorOpen: 1).Should().Be(Tier.Demonstration);

    [Fact]
    public void The_reason_names_the_score_the_threshold_and_the_move_in_plain_words()
    {
        Why(Tier.Excellence, 87.4m).Single().En.Should().Be("score 87.40 ≥ 85, no veto: moves up from 创优 to 示范");
        Why(Tier.Excellence, 87.4m).Single().Zh.Should().Be("得分 87.40 ≥ 85，无否决项：由创优升为示范");
        Why(Tier.Demonstration, 81m).Single().En.Should().Be("score 81.00 ≥ 80 to stay 示范, no veto: stays 示范");
        Why(Tier.Demonstration, 72m).Single().En.Should().Be("score 72.00 < 80, ≥ 70, no veto: moves down from 示范 to 创优");
        Why(Tier.Excellence, 60m).Single().En.Should().Be("score 60.00 < 65, no veto: moves down from 创优 to 强基");
        Why(null, 71m).Single().En.Should().Be("score 71.00 < 85, ≥ 70, no veto: first rating: 创优");
    }

    [Fact]
    public void Thresholds_are_configurable_per_cycle()
    {
        var strict = new Thresholds(90, 85, 75, 70);
        TierRule.Propose(new TierInputs(null, 88m, []), strict).Should().Be(Tier.Excellence);
        TierRule.Propose(new TierInputs(Tier.Demonstration, 86m, []), strict).Should().Be(Tier.Demonstration);
    }
}

/// <summary>domain.md, "Competition bonus".</summary>
public class CompetitionBonusTests
{
    [Theory]
    [InlineData(1, 10, 3)]
    [InlineData(2, 10, 2)]  // ceil(0.1 × 10) = 1
    [InlineData(3, 10, 2)]  // ceil(0.3 × 10) = 3
    [InlineData(5, 10, 1)]
    [InlineData(6, 10, 0)]
    [InlineData(2, 11, 3)]  // ceil(1.1) = 2
    [InlineData(4, 11, 2)]  // ceil(3.3) = 4
    [InlineData(6, 11, 1)]  // ceil(5.5) = 6
    [InlineData(7, 11, 0)]
    [InlineData(1, 1, 3)]
    public void The_bonus_follows_the_rank_within_the_top_10_30_50_percent(int rank, int contestants, int bonus) =>
        new CompetitionPlacing("c", rank, contestants).Bonus.Should().Be(bonus);

    [Fact]
    public void The_best_of_a_villages_competitions_counts() =>
        CompetitionPlacing.Best([new("a", 5, 10), new("b", 1, 20), new("c", 2, 10)])!.Competition.Should().Be("b");
}
