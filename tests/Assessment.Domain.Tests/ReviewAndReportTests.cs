using Assessment.Domain.Reports;
using Assessment.Domain.Review;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Tier movements and the province's review".</summary>
public class MovementTests
{
    [Fact]
    public void A_proposal_different_from_the_previous_tier_is_a_movement_up_or_down()
    {
        Movements.Of(Tier.Foundation, Tier.Excellence).Should().Be(Direction.Up);
        Movements.Of(Tier.Demonstration, Tier.Foundation).Should().Be(Direction.Down);
        Movements.Of(Tier.Excellence, Tier.Excellence).Should().BeNull();
    }

    [Fact]
    public void A_first_rating_is_an_initial_movement() => Movements.Of(null, Tier.Foundation).Should().Be(Direction.Initial);

    [Fact]
    public void Approve_takes_the_proposal_and_reject_keeps_the_previous_tier()
    {
        Movements.Apply(Tier.Foundation, Tier.Excellence, Decision.Approve, null, null).Final.Should().Be(Tier.Excellence);
        Movements.Apply(Tier.Foundation, Tier.Excellence, Decision.Reject, null, null).Final.Should().Be(Tier.Foundation);
    }

    [Fact]
    public void An_initial_rating_cannot_be_rejected() =>
        Movements.Apply(null, Tier.Excellence, Decision.Reject, null, null).Error!.Message.Should().Contain("initial rating");

    [Fact]
    public void An_override_needs_a_tier_and_a_reason()
    {
        Movements.Apply(Tier.Foundation, Tier.Excellence, Decision.Override, Tier.Demonstration, " ").Error.Should().Be(new ValidationError("an override needs a reason", Field: "reason"));
        Movements.Apply(Tier.Foundation, Tier.Excellence, Decision.Override, null, "why").Error!.Field.Should().Be("tier");
        Movements.Apply(Tier.Foundation, Tier.Excellence, Decision.Override, Tier.Demonstration, "why").Final.Should().Be(Tier.Demonstration);
    }
}

/// <summary>domain.md, "Reports".</summary>
public class ReportTests
{
    [Fact]
    public void Shares_are_fractions_with_four_decimals_rounded_half_away_from_zero()
    {
        var c = new TierCounts(1, 1, 1);
        c.Share(Tier.Demonstration).Should().Be(0.3333m);
        new TierCounts(1, 7, 0).Share(Tier.Demonstration).Should().Be(0.125m); // exact
        new TierCounts(1, 15, 0).Share(Tier.Demonstration).Should().Be(0.0625m);
        new TierCounts(1, 19999, 0).Share(Tier.Demonstration).Should().Be(0.0001m); // 0.00005 → up
        TierCounts.Zero.Share(Tier.Foundation).Should().Be(0m);
    }

    [Fact]
    public void The_movement_matrix_counts_up_down_and_unchanged()
    {
        var m = MovementMatrix.Of([(Tier.Foundation, Tier.Excellence), (Tier.Excellence, Tier.Excellence), (Tier.Demonstration, Tier.Foundation)]);
        m[Tier.Foundation, Tier.Excellence].Should().Be(1);
        (m.Up, m.Down, m.Unchanged).Should().Be((1, 1, 1));
    }

    [Fact]
    public void A_village_counts_once_per_tier_it_moved_up_out_of()
    {
        Tier F = Tier.Foundation, E = Tier.Excellence, D = Tier.Demonstration;
        var s = PlanSummary.Of(3,
        [
            [F, E, D],    // up out of Foundation and out of Excellence
            [F, E, F],    // out of Foundation
            [E, F, E],    // Foundation → Excellence in 2nd step: out of Foundation
            [F, F, F],
            [D, D, D],
            [E, D, D],    // out of Excellence
            [null, F, E], // first rated in the second cycle: out of Foundation
        ]);
        s.MovedUpFromFoundation.Should().Be(4);
        s.MovedUpFromExcellence.Should().Be(2);
        s.First.Total.Should().Be(6);
        s.DemonstrationShareFrom.Should().Be(0.1667m);
        s.DemonstrationShareTo.Should().Be(0.4286m);
    }

    [Fact]
    public void The_sentence_reads_like_the_action_plans_results()
    {
        var s = new PlanSummary(3, 6381, 9849, new TierCounts(283, 500, 217), new TierCounts(404, 400, 196));
        s.Sentence.Should().Be("3 年来, 6,381 个强基村、9,849 个创优村晋位升级, 示范村占比从 28.3% 升至 40.4%");
    }

    [Fact]
    public void The_sentence_rounds_the_percentage_from_the_counts_not_from_the_rounded_share()
    {
        // 5669 / 20000 = 28.345% → 28.3% (half away from zero on one decimal of the exact value: 28.345 → 28.3? no: → 28.3 only if below .35)
        var s = new PlanSummary(2, 0, 0, new TierCounts(5669, 14331, 0), new TierCounts(5669, 14331, 0));
        s.DemonstrationShareFrom.Should().Be(0.2835m);
        s.Sentence.Should().EndWith("示范村占比保持 28.3%");
    }

    [Fact]
    public void A_falling_share_says_so() =>
        new PlanSummary(2, 1, 0, new TierCounts(5, 5, 0), new TierCounts(2, 8, 0)).Sentence.Should().EndWith("示范村占比从 50.0% 降至 20.0%");
}
