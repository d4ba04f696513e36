using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Scoring;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Indicators" and "Scoring and the proposed tier": the composite score.</summary>
public class ScoringTests
{
    private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Default;
    private static Indicator I(string code) => Catalog.Find(code)!;

    /// <summary>Every scored indicator at its target and no veto: 100 points.</summary>
    private static Dictionary<string, IndicatorValue> Perfect() => new()
    {
        ["secretary_training_hours"] = IndicatorValue.Of(40m), ["committee_cross_serving"] = IndicatorValue.Of(true),
        ["reserve_cadres"] = IndicatorValue.Of(3m), ["new_members"] = IndicatorValue.Of(2m),
        ["member_training_rate"] = IndicatorValue.Of(100m), ["mobile_members_contacted_rate"] = IndicatorValue.Of(100m),
        ["three_meetings_one_lesson"] = IndicatorValue.Of(24m), ["theme_party_days"] = IndicatorValue.Of(12m),
        ["collective_income"] = IndicatorValue.Of(50m), ["cooperative_led"] = IndicatorValue.Of(true),
        ["income_growth_rate"] = IndicatorValue.Of(15m), ["disputes_resolved_rate"] = IndicatorValue.Of(100m),
        ["petitions"] = IndicatorValue.Of(0m), ["grid_coverage_rate"] = IndicatorValue.Of(100m),
        ["hotline_satisfaction"] = IndicatorValue.Of(100m), ["households_visited_rate"] = IndicatorValue.Of(100m),
        ["serious_violation"] = IndicatorValue.Of(false), ["major_safety_incident"] = IndicatorValue.Of(false),
    };

    private static VillageAssessment Assess(Dictionary<string, IndicatorValue> values, Tier? previous = null, CompetitionPlacing? placing = null) =>
        VillageAssessment.Assess("370322102201", Catalog, values, previous, Thresholds.Default, placing);

    [Fact]
    public void A_number_scores_linearly_from_floor_to_target()
    {
        IndicatorScoring.Score(I("member_training_rate"), IndicatorValue.Of(75m)).Should().Be(0.5m);
        IndicatorScoring.Points(I("secretary_training_hours"), IndicatorValue.Of(13m)).Should().Be(1.95m); // 6 × 13/40
    }

    [Fact]
    public void A_number_is_clamped_to_0_and_1()
    {
        IndicatorScoring.Score(I("member_training_rate"), IndicatorValue.Of(20m)).Should().Be(0m);
        IndicatorScoring.Score(I("collective_income"), IndicatorValue.Of(500m)).Should().Be(1m);
        IndicatorScoring.Score(I("income_growth_rate"), IndicatorValue.Of(-40m)).Should().Be(0m);
    }

    [Fact]
    public void Lower_is_better_when_target_is_below_floor()
    {
        // petitions: 5 → 0
        IndicatorScoring.Score(I("petitions"), IndicatorValue.Of(0m)).Should().Be(1m);
        IndicatorScoring.Score(I("petitions"), IndicatorValue.Of(2m)).Should().Be(0.6m);
        IndicatorScoring.Score(I("petitions"), IndicatorValue.Of(9m)).Should().Be(0m);
    }

    [Fact]
    public void A_boolean_scores_1_for_true_and_0_for_false()
    {
        IndicatorScoring.Points(I("cooperative_led"), IndicatorValue.Of(true)).Should().Be(6m);
        IndicatorScoring.Points(I("cooperative_led"), IndicatorValue.Of(false)).Should().Be(0m);
    }

    [Fact]
    public void Weights_of_the_default_catalog_sum_to_100_and_targets_give_100_points() =>
        Assess(Perfect()).Score.Should().Be(100.00m);

    [Fact]
    public void A_missing_value_scores_0_and_is_listed_as_missing()
    {
        var values = Perfect();
        values.Remove("collective_income");
        values.Remove("petitions");
        var a = Assess(values);
        a.Score.Should().Be(80.00m);
        a.Missing.Should().Equal("collective_income", "petitions");
        a.Reasons.Should().Contain(r => r.En == "2 indicators missing, scored 0: collective_income and petitions");
        a.Reasons.Should().Contain(r => r.Zh.Contains("村集体经营性收入(万元)、越级上访件数"));
    }

    [Fact]
    public void A_missing_veto_is_no_veto_but_is_listed_as_missing()
    {
        var values = Perfect();
        values.Remove("serious_violation");
        var a = Assess(values);
        a.Veto.Should().BeFalse();
        a.ProposedTier.Should().Be(Tier.Demonstration);
        a.Missing.Should().Equal("serious_violation");
    }

    [Fact]
    public void A_sum_of_exactly_84_995_rounds_half_away_from_zero_to_85_and_enters_Demonstration()
    {
        // 100 − 15 (no income) + 15 × 49.9983/50 (= 14.99949) would not be exact; build 84.995 from exact parts:
        // lose 6 × (1 − 28.03/40) = 1.7955 on training hours, 4 (cross serving), 5 × 0.5 = 2.5 on member training,
        // 7 × (1 − 0.99) = 0.07 on households visited, 6.6 on collective income (15 × (1 − 28/50)) and
        // 4 × (1 − 0.9901250) = 0.0395 on grid coverage.
        var values = Perfect();
        values["secretary_training_hours"] = IndicatorValue.Of(28.03m);
        values["committee_cross_serving"] = IndicatorValue.Of(false);
        values["member_training_rate"] = IndicatorValue.Of(75m);
        values["households_visited_rate"] = IndicatorValue.Of(99.5m);
        values["collective_income"] = IndicatorValue.Of(28m);
        values["grid_coverage_rate"] = IndicatorValue.Of(99.50625m);
        var exact = 100m - 1.7955m - 4m - 2.5m - 0.07m - 6.6m - 0.0395m;
        exact.Should().Be(84.995m);
        var a = Assess(values);
        a.Score.Should().Be(85.00m);
        a.ProposedTier.Should().Be(Tier.Demonstration);
    }

    [Fact]
    public void A_sum_just_below_the_midpoint_rounds_down_and_stays_below_85()
    {
        var values = Perfect();
        values["collective_income"] = IndicatorValue.Of(0m);            // −15
        values["secretary_training_hours"] = IndicatorValue.Of(39.9666m); // 6 × 39.9666/40 = 5.994990
        var a = Assess(values);
        a.Score.Should().Be(84.99m);
        a.ProposedTier.Should().Be(Tier.Excellence);
    }

    [Fact]
    public void The_breakdown_shows_each_scored_indicator_with_value_score_weight_and_points()
    {
        var values = Perfect();
        values["secretary_training_hours"] = IndicatorValue.Of(13m);
        var line = Assess(values).Breakdown.Single(b => b.Indicator == "secretary_training_hours");
        line.Should().Be(new IndicatorPoints("secretary_training_hours", "13", 0.325m, 6m, 1.95m));
        Assess(values).Breakdown.Should().HaveCount(16, "vetoes carry no weight and are not in the breakdown");
    }

    [Fact]
    public void The_score_is_capped_at_100_with_the_bonus()
    {
        var a = Assess(Perfect(), Tier.Excellence, new CompetitionPlacing("c1", 1, 10));
        a.Bonus.Should().Be(3m);
        a.Score.Should().Be(100.00m);
    }

    [Fact]
    public void Only_an_Excellence_village_gets_the_competition_bonus()
    {
        var values = Perfect();
        values["collective_income"] = IndicatorValue.Of(0m); // 85
        Assess(values, Tier.Excellence, new CompetitionPlacing("c1", 1, 10)).Score.Should().Be(88.00m);
        Assess(values, Tier.Foundation, new CompetitionPlacing("c1", 1, 10)).Score.Should().Be(85.00m);
        Assess(values, Tier.Excellence, new CompetitionPlacing("c1", 1, 10)).Reasons
            .Should().Contain(r => r.En == "competition c1: ranked 1st of 10: +3" && r.Zh == "擂台比武 c1 第 1 名（共 10 名）: +3");
    }

    [Fact]
    public void A_true_veto_is_named_in_the_reasons()
    {
        var values = Perfect();
        values["major_safety_incident"] = IndicatorValue.Of(true);
        var a = Assess(values, Tier.Demonstration);
        a.Veto.Should().BeTrue();
        a.ProposedTier.Should().Be(Tier.Foundation);
        a.Reasons[0].En.Should().Be("veto (重大安全事故): moves down from 示范 to 强基");
        a.Reasons[0].Zh.Should().Be("一票否决（重大安全事故）：由示范降为强基");
    }
}
