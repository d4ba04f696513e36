using Assessment.Domain.Benchmarking;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Benchmarking (对标提升)": the nearest-rank 90th percentile, gap lists and the at-risk list.</summary>
public class BenchmarkTests
{
    private static readonly IndicatorCatalog Catalog = IndicatorCatalog.Default;

    /// <summary>A village scoring 1 on every scored indicator except those given.</summary>
    private static Dictionary<string, decimal> Scores(params (string Code, decimal Score)[] except)
    {
        var scores = Catalog.Indicators.Where(i => i.IsScored).ToDictionary(i => i.Code, _ => 1m);
        foreach (var (code, score) in except) scores[code] = score;
        return scores;
    }

    // ---- nearest rank ----

    [Fact]
    public void The_90th_percentile_of_10_values_is_the_9th_smallest()
    {
        // ⌈0.9 × 10⌉ = 9; the order they come in does not matter
        decimal[] values = [0.7m, 0.1m, 1.0m, 0.4m, 0.9m, 0.2m, 0.6m, 0.3m, 0.8m, 0.5m];
        Benchmarks.NearestRank(values, 0.9m).Should().Be(0.9m);
    }

    [Fact]
    public void The_90th_percentile_of_11_values_is_the_10th_smallest()
    {
        // ⌈0.9 × 11⌉ = ⌈9.9⌉ = 10
        decimal[] values = [0.01m, 0.02m, 0.03m, 0.04m, 0.05m, 0.06m, 0.07m, 0.08m, 0.09m, 0.10m, 0.11m];
        Benchmarks.NearestRank(values, 0.9m).Should().Be(0.10m);
    }

    [Fact]
    public void The_90th_percentile_of_1_value_is_that_value() =>
        // ⌈0.9 × 1⌉ = 1
        Benchmarks.NearestRank([0.42m], 0.9m).Should().Be(0.42m);

    [Fact]
    public void The_90th_percentile_of_20_values_is_the_18th_and_never_an_interpolation()
    {
        // ⌈0.9 × 20⌉ = 18: of 0.05, 0.10, …, 1.00 the 18th is 0.90 (no averaging of the 18th and 19th)
        var values = Enumerable.Range(1, 20).Select(k => k * 0.05m).Reverse().ToList();
        Benchmarks.NearestRank(values, 0.9m).Should().Be(0.90m);
    }

    [Fact]
    public void Repeated_values_are_counted_each_time() =>
        // sorted: 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 → the 9th is 1
        Benchmarks.NearestRank([0m, 1m, 0m, 0m, 1m, 0m, 0m, 0m, 0m, 0m], 0.9m).Should().Be(1m);

    [Fact]
    public void There_is_no_percentile_of_no_values() =>
        FluentActions.Invoking(() => Benchmarks.NearestRank([], 0.9m)).Should().Throw<ArgumentException>();

    // ---- benchmarks and gaps ----

    /// <summary>
    /// Ten Demonstration villages. collective_income (weight 15) scores 0.1, 0.2, …, 1.0 across them;
    /// member_training_rate (weight 5) is 0.5 everywhere; everything else is 1, except that the first
    /// village is lower on a few indicators.
    /// </summary>
    private static List<Dictionary<string, decimal>> TenVillages()
    {
        var villages = Enumerable.Range(1, 10)
            .Select(k => Scores(("collective_income", k / 10m), ("member_training_rate", 0.5m)))
            .ToList();
        var first = villages[0];
        first["secretary_training_hours"] = 0.5m;          // weight 6
        first["new_members"] = 0.4m;                       // weight 5
        first["theme_party_days"] = 0.4m;                  // weight 5
        first["reserve_cadres"] = 0.9995m;                 // weight 5
        first["mobile_members_contacted_rate"] = 0.999m;   // weight 5
        return villages;
    }

    [Fact]
    public void The_benchmark_of_each_scored_indicator_is_the_90th_percentile_over_the_Demonstration_villages()
    {
        var b = Benchmarks.Of(Catalog, TenVillages());

        b.Villages.Should().Be(10);
        b["collective_income"].Should().Be(0.9m);        // 9th of 0.1 … 1.0
        b["member_training_rate"].Should().Be(0.5m);     // all 0.5
        b["secretary_training_hours"].Should().Be(1m);   // sorted 0.5, 1 × 9: the 9th is 1
        b["serious_violation"].Should().BeNull();        // a veto carries no weight and has no benchmark
        b["no_such_indicator"].Should().BeNull();
    }

    [Fact]
    public void A_gap_is_weight_times_the_shortfall_largest_first_ties_by_indicator_code_and_zero_gaps_left_out()
    {
        var villages = TenVillages();
        var b = Benchmarks.Of(Catalog, villages);

        var gaps = b.Gaps(Catalog, villages[0]);

        gaps.Should().Equal(
            new IndicatorGap("collective_income", 0.9m, 0.1m, 12.00m),              // 15 × (0.9 − 0.1) = 12
            new IndicatorGap("new_members", 1m, 0.4m, 3.00m),                       // 5 × (1 − 0.4) = 3
            new IndicatorGap("secretary_training_hours", 1m, 0.5m, 3.00m),          // 6 × (1 − 0.5) = 3 (tie: by code)
            new IndicatorGap("theme_party_days", 1m, 0.4m, 3.00m),                  // 5 × (1 − 0.4) = 3
            new IndicatorGap("mobile_members_contacted_rate", 1m, 0.999m, 0.01m));  // 5 × 0.001 = 0.005 → 0.01 (half away from zero)
        // left out: member_training_rate 5 × (0.5 − 0.5) = 0; reserve_cadres 5 × 0.0005 = 0.0025 → 0.00;
        // and every indicator where the village scores 1
    }

    [Fact]
    public void A_village_at_or_above_the_benchmark_has_no_gap()
    {
        var villages = TenVillages();
        // the tenth: collective_income 1.0 > 0.9 → max(0, 0.9 − 1.0) = 0; member_training_rate 0.5 = 0.5
        Benchmarks.Of(Catalog, villages).Gaps(Catalog, villages[9]).Should().BeEmpty();
    }

    [Fact]
    public void Benchmark_and_own_show_four_decimals_but_the_gap_is_worked_out_from_the_unrounded_scores()
    {
        // theme_party_days (weight 5): 4 of 12 days scores 1/3. Two villages: ⌈0.9 × 2⌉ = 2 → benchmark 1.
        var a = Scores(("theme_party_days", 4m / 12m));
        var b = Benchmarks.Of(Catalog, [a, Scores()]);

        // 5 × (1 − 0.3333…) = 3.3333… → 3.33; from the shown 0.3333 it would be 5 × 0.6667 = 3.3335 → 3.34
        b.Gaps(Catalog, a).Should().Equal(new IndicatorGap("theme_party_days", 1m, 0.3333m, 3.33m));
    }

    [Fact]
    public void A_missing_score_counts_as_0()
    {
        var full = Scores();
        var without = Scores();
        without.Remove("cooperative_led"); // weight 6; ⌈0.9 × 2⌉ = 2 → benchmark 1
        Benchmarks.Of(Catalog, [full, without]).Gaps(Catalog, without).Should().Equal(new IndicatorGap("cooperative_led", 1m, 0m, 6.00m));
    }

    [Fact]
    public void Scores_for_benchmarking_are_the_exact_indicator_scores_and_a_missing_value_scores_0()
    {
        var scores = Benchmarks.ScoresOf(Catalog, new Dictionary<string, IndicatorValue>
        {
            ["secretary_training_hours"] = IndicatorValue.Of(13m), // 13 / 40 = 0.325
            ["petitions"] = IndicatorValue.Of(2m),                 // lower is better, 5 → 0: (2 − 5) / (0 − 5) = 0.6
            ["cooperative_led"] = IndicatorValue.Of(true),
            ["serious_violation"] = IndicatorValue.Of(true),
        });

        scores.Should().HaveCount(16); // the scored indicators; vetoes are not benchmarked
        scores["secretary_training_hours"].Should().Be(0.325m);
        scores["petitions"].Should().Be(0.6m);
        scores["cooperative_led"].Should().Be(1m);
        scores["collective_income"].Should().Be(0m);
    }

    [Fact]
    public void Without_Demonstration_villages_there_is_no_benchmark_and_no_gap()
    {
        var b = Benchmarks.Of(Catalog, []);
        b["collective_income"].Should().BeNull();
        b.Gaps(Catalog, Scores(("collective_income", 0m))).Should().BeEmpty();
    }

    // ---- at risk ----

    [Theory]
    [InlineData(81.99, true)]  // < 80 + 2
    [InlineData(82.00, false)]
    [InlineData(95.00, false)]
    public void A_Demonstration_village_below_stay_plus_2_is_at_risk(decimal score, bool atRisk)
    {
        AtRisk.Line(Thresholds.Default).Should().Be(82m);
        AtRisk.Is(score, Thresholds.Default).Should().Be(atRisk);
    }

    [Fact]
    public void The_line_follows_the_cycles_stay_threshold()
    {
        var t = Thresholds.Default with { StayDemonstration = 78m }; // line 78 + 2 = 80
        AtRisk.Is(79.99m, t).Should().BeTrue();
        AtRisk.Is(80.00m, t).Should().BeFalse();
    }

    [Fact]
    public void The_margin_is_the_score_minus_the_stay_threshold()
    {
        AtRisk.Margin(81.99m, Thresholds.Default).Should().Be(1.99m);  // 81.99 − 80
        AtRisk.Margin(80.00m, Thresholds.Default).Should().Be(0m);     // on the line: nothing to spare
        AtRisk.Margin(79.50m, Thresholds.Default).Should().Be(-0.50m); // kept Demonstration by a decision, already below
    }

    [Fact]
    public void The_at_risk_list_is_by_score_ascending_ties_by_village_code()
    {
        var list = AtRisk.List(
        [
            ("370322102205", "戊村", 90.00m), // not at risk
            ("370322102204", "丁村", 81.50m),
            ("370322102203", "丙村", 80.25m),
            ("370322102202", "乙村", 81.50m),
            ("370322102201", "甲村", 82.00m), // on the line: not at risk
        ], Thresholds.Default);

        list.Should().Equal(
            new AtRiskVillage("370322102203", "丙村", 80.25m, 0.25m), // 80.25 − 80
            new AtRiskVillage("370322102202", "乙村", 81.50m, 1.50m), // 81.50 − 80, tie broken by code
            new AtRiskVillage("370322102204", "丁村", 81.50m, 1.50m));
    }
}
