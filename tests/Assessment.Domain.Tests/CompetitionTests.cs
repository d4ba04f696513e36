using Assessment.Domain.Competitions;
using Assessment.Domain.Regions;
using Assessment.Domain.Scoring;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Competitions (擂台比武)" and the competition bonus. Expected values are worked out by hand.</summary>
public class CompetitionTests
{
    private static readonly CompetitionCriteria Criteria = CompetitionCriteria.Default;

    /// <summary>A sheet of the default criteria: ideas (25), results (40), style (15), revitalization (20).</summary>
    private static ScoreSheet Sheet(string village, string judge, decimal ideas, decimal results, decimal style, decimal revitalization) =>
        new(village, judge, new Dictionary<string, decimal>
        {
            ["ideas"] = ideas, ["results"] = results, ["style"] = style, ["revitalization"] = revitalization,
        });

    /// <summary>A sheet with this total and this results score; the rest fills ideas, then style, then revitalization.</summary>
    private static ScoreSheet Total(string village, string judge, decimal total, decimal results = 30m)
    {
        var rest = total - results;
        var ideas = Math.Min(25m, rest);
        var style = Math.Min(15m, rest - ideas);
        var revitalization = rest - ideas - style;
        revitalization.Should().BeInRange(0m, 20m, "the test asks for a total the default criteria can give");
        return Sheet(village, judge, ideas, results, style, revitalization);
    }

    /// <summary>One sheet per total from judges j1, j2, … (results 30 on each).</summary>
    private static IEnumerable<ScoreSheet> Totals(string village, params decimal[] totals) =>
        totals.Select((t, i) => Total(village, $"j{i + 1}", t));

    /// <summary>A Live board of the default criteria; the villages are given in running order.</summary>
    private static Scoreboard Board(IEnumerable<ScoreSheet> sheets, params string[] villages) =>
        CompetitionScoring.Board(CompetitionPhase.Live, Criteria, villages.Select((v, i) => new Contestant(v, 1, i + 1)), sheets);

    private static IEnumerable<(string, int?)> Ranks(Scoreboard board) => board.Contestants.Select(r => (r.Village, r.Rank));

    // ---- Criteria ----

    [Fact]
    public void The_default_criteria_are_ideas_25_results_40_style_15_revitalization_20_with_ties_broken_on_results()
    {
        Criteria.Items.Select(c => (c.Code, c.NameZh, c.Points)).Should().Equal(
            ("ideas", "比思路", 25m), ("results", "晒实绩", 40m), ("style", "展风采", 15m), ("revitalization", "话振兴", 20m));
        Criteria.MaxTotal.Should().Be(100m); // 25 + 40 + 15 + 20
        Criteria.TieBreak.Should().Be("results");
        Criteria.Validate().Should().BeEmpty();
    }

    [Fact]
    public void A_custom_list_is_refused_naming_each_bad_criterion_by_its_place()
    {
        var criteria = new CompetitionCriteria(
        [
            new("results", "晒实绩", null, 50),    // [0] fine
            new("", "空", null, 10),               // [1] empty code
            new("Speech", "演讲", null, 10),       // [2] not lower-case
            new("results", "重复", null, 10),      // [3] twice
            new("zero", "零分", null, 0),          // [4] worth nothing
            new("fine", "太细", null, 12.25m),     // [5] not a multiple of 0.1
            new("minus", "负分", null, -5),        // [6] negative
            new("noname", " ", null, 2.5m),        // [7] no Chinese name (2.5 is on the step)
        ]);
        criteria.Validate().Select(e => e.Field).Should().Equal(
            "criteria[1].code", "criteria[2].code", "criteria[3].code", "criteria[4].points",
            "criteria[5].points", "criteria[6].points", "criteria[7].nameZh");
        criteria.Validate().Single(e => e.Field == "criteria[5].points").Message.Should().Contain("12.25").And.Contain("steps of 0.1");
    }

    [Fact]
    public void A_criterion_worth_24_9_points_is_on_the_step_of_0_1() =>
        new CompetitionCriteria([new("results", "晒实绩", null, 75.1m), new("ideas", "比思路", null, 24.9m)]).Validate().Should().BeEmpty();

    [Fact]
    public void A_competition_needs_at_least_one_criterion() =>
        new CompetitionCriteria([]).Validate().Should().ContainSingle().Which.Field.Should().Be("criteria");

    [Fact]
    public void A_custom_list_without_results_must_name_its_tie_break_criterion()
    {
        List<Criterion> list = [new("impact", "成效", "Impact", 60), new("speech", "演讲", "Speech", 40)];

        var unnamed = new CompetitionCriteria(list).Validate().Should().ContainSingle().Subject;
        unnamed.Field.Should().Be("tieBreak");
        unnamed.Message.Should().Contain("'results'").And.Contain("tieBreak");

        var named = new CompetitionCriteria(list, tieBreak: "impact");
        named.Validate().Should().BeEmpty();
        named.TieBreak.Should().Be("impact");

        new CompetitionCriteria(list, tieBreak: "style").Validate().Should().ContainSingle()
            .Which.Message.Should().Be("the tie-break criterion 'style' is not one of the criteria (impact, speech)");
    }

    [Fact]
    public void A_custom_list_with_results_breaks_ties_on_results_without_naming_it()
    {
        var criteria = new CompetitionCriteria([new("results", "晒实绩", null, 70), new("speech", "演讲", null, 30)]);
        criteria.Validate().Should().BeEmpty();
        criteria.TieBreak.Should().Be("results");
    }

    // ---- Score sheets ----

    private static Dictionary<string, decimal> Full(decimal ideas) =>
        new() { ["ideas"] = ideas, ["results"] = 40m, ["style"] = 0m, ["revitalization"] = 20m };

    [Theory]
    [InlineData(0)]
    [InlineData(24.9)]
    [InlineData(25)]   // the maximum itself
    public void A_score_from_0_to_the_criterions_points_in_steps_of_0_1_is_accepted(decimal ideas) =>
        Criteria.Check(Full(ideas)).Should().BeEmpty();

    [Theory]
    [InlineData(25.1, "ideas (比思路): 25.1 is out of range; allowed 0 to 25 in steps of 0.1")]
    [InlineData(-0.1, "ideas (比思路): -0.1 is out of range; allowed 0 to 25 in steps of 0.1")]
    [InlineData(0.05, "ideas (比思路): 0.05 is not a multiple of 0.1; allowed 0 to 25 in steps of 0.1")]
    [InlineData(24.95, "ideas (比思路): 24.95 is not a multiple of 0.1; allowed 0 to 25 in steps of 0.1")]
    public void A_score_off_the_step_or_above_the_points_is_refused_naming_criterion_value_and_what_is_allowed(decimal ideas, string message)
    {
        var error = Criteria.Check(Full(ideas)).Should().ContainSingle().Subject;
        error.Field.Should().Be("criteria.ideas");
        error.Message.Should().Be(message);
    }

    [Fact]
    public void A_sheet_must_give_every_criterion_exactly_once_and_nothing_else()
    {
        KeyValuePair<string, decimal>[] sheet =
        [
            new("ideas", 20m), new("ideas", 21m),   // twice
            new("results", 30m),
            new("speech", 5m),                      // unknown
            new("style", 10m),
                                                    // revitalization missing
        ];
        Criteria.Check(sheet).Select(e => (e.Field, e.Message)).Should().Equal(
            ("criteria.ideas", "ideas (比思路) is given twice; give each criterion once"),
            ("criteria.speech", "'speech' is not a criterion of this competition; the criteria are ideas, results, style, revitalization"),
            ("criteria.revitalization", "revitalization (话振兴) has no score; give 0 to 20 in steps of 0.1"));
    }

    // ---- Phases ----

    [Theory]
    [InlineData(CompetitionPhase.Scheduled, CompetitionPhase.Live)]
    [InlineData(CompetitionPhase.Live, CompetitionPhase.Closed)]
    public void A_competition_runs_Scheduled_then_Live_then_Closed(CompetitionPhase from, CompetitionPhase to)
    {
        from.CanMove(to, out var refusal).Should().BeTrue();
        refusal.Should().BeNull();
    }

    [Theory]
    [InlineData(CompetitionPhase.Scheduled, CompetitionPhase.Closed, "has not started")]
    [InlineData(CompetitionPhase.Live, CompetitionPhase.Scheduled, "never goes back")]
    [InlineData(CompetitionPhase.Live, CompetitionPhase.Live, "already Live")]
    [InlineData(CompetitionPhase.Scheduled, CompetitionPhase.Scheduled, "already Scheduled")]
    [InlineData(CompetitionPhase.Closed, CompetitionPhase.Live, "results are final")]
    [InlineData(CompetitionPhase.Closed, CompetitionPhase.Scheduled, "results are final")]
    [InlineData(CompetitionPhase.Closed, CompetitionPhase.Closed, "results are final")]
    public void Any_other_phase_change_is_refused_saying_why(CompetitionPhase from, CompetitionPhase to, string why)
    {
        from.CanMove(to, out var refusal).Should().BeFalse();
        refusal.Should().Contain(why);
    }

    [Theory]
    [InlineData(CompetitionPhase.Scheduled, false, "not started")]
    [InlineData(CompetitionPhase.Live, true, null)]
    [InlineData(CompetitionPhase.Closed, false, "final")]
    public void Scores_are_accepted_and_changed_only_while_Live(CompetitionPhase phase, bool accepted, string? why)
    {
        phase.AcceptsScores(out var refusal).Should().Be(accepted);
        if (why is null) refusal.Should().BeNull();
        else refusal.Should().Contain(why);
    }

    // ---- Conflict of interest ----

    [Theory]
    [InlineData("370322000000", "370322102201", true)]   // the county's own officer
    [InlineData("370322102000", "370322102201", true)]   // a township of the same county
    [InlineData("370322105000", "370322102201", true)]   // another township, same county
    [InlineData("370323000000", "370322102201", false)]  // a neighbouring county
    [InlineData("370300000000", "370322102201", false)]  // the city: belongs to no county
    [InlineData("370000000000", "370322102201", false)]  // the province
    [InlineData(null, "370322102201", false)]            // a judge with no region
    public void A_judge_may_not_score_a_contestant_village_of_its_own_county(string? judgeRegion, string village, bool conflict)
    {
        var region = judgeRegion is null ? (DivisionCode?)null : DivisionCode.Parse(judgeRegion);
        ConflictOfInterest.Exists("wang", region, DivisionCode.Parse(village), out var reason).Should().Be(conflict);
        if (conflict) reason.Should().Contain("wang").And.Contain("370322000000").And.Contain("370322102201").And.Contain("conflict of interest");
        else reason.Should().BeNull();
    }

    // ---- Final score ----

    [Fact]
    public void With_fewer_than_3_judges_there_is_no_final_score_yet()
    {
        CompetitionScoring.Final([]).Should().BeNull();
        CompetitionScoring.Final([80m, 90m]).Should().BeNull();
    }

    [Fact]
    public void With_3_judges_the_final_is_the_plain_mean() =>
        CompetitionScoring.Final([80m, 85m, 90.1m]).Should().Be(85.03m); // 255.1 / 3 = 85.0333…

    [Fact]
    public void With_4_judges_the_final_is_the_plain_mean_nothing_dropped() =>
        CompetitionScoring.Final([60m, 80m, 85m, 99m]).Should().Be(81.00m); // 324 / 4

    [Fact]
    public void With_5_judges_one_highest_and_one_lowest_are_dropped() =>
        CompetitionScoring.Final([60m, 80m, 85m, 90m, 99m]).Should().Be(85.00m); // (80 + 85 + 90) / 3 = 255 / 3

    [Fact]
    public void Only_one_of_equal_highest_and_one_of_equal_lowest_are_dropped() =>
        CompetitionScoring.Final([70m, 70m, 80m, 90m, 90m]).Should().Be(80.00m); // (70 + 80 + 90) / 3 = 240 / 3

    [Fact]
    public void With_11_judges_the_final_is_the_mean_of_the_middle_9() =>
        // drop 50 and 99; 60 + 70 + 71 + 72 + 73 + 74 + 75 + 76 + 77 = 648; 648 / 9 = 72
        CompetitionScoring.Final([75m, 50m, 71m, 99m, 60m, 73m, 77m, 70m, 74m, 72m, 76m]).Should().Be(72.00m);

    [Fact]
    public void A_final_of_exactly_x_xx5_rounds_half_away_from_zero()
    {
        CompetitionScoring.Final([80m, 80m, 80m, 80.1m]).Should().Be(80.03m);           // 320.1 / 4 = 80.025; banker's rounding would give 80.02
        CompetitionScoring.Final([10m, 80m, 80m, 80.1m, 80m, 100m]).Should().Be(80.03m); // 6 judges, drop 10 and 100: 320.1 / 4 = 80.025
    }

    // ---- The board ----

    [Fact]
    public void The_board_ranks_contestants_with_a_final_and_lists_the_others_after_them_in_running_order()
    {
        Contestant[] contestants =
        [
            new("A", Session: 2, Order: 1),
            new("B", Session: 1, Order: 2),
            new("C", Session: 1, Order: 1),
            new("D", Session: 1, Order: 3),
            new("E", Session: 2, Order: 1), // same session and order as A: the village code settles it
        ];
        var sheets = Totals("A", 90m, 90m)          // 2 judges: no final yet
            .Concat(Totals("B", 70m, 80m, 90m))      // 240 / 3 = 80
            .Concat(Totals("D", 80m, 85m, 85m, 90m)) // 340 / 4 = 85
            .Concat(Totals("E", 90m));               // 1 judge; C has none
        var board = CompetitionScoring.Board(CompetitionPhase.Live, Criteria, contestants, sheets);

        board.Phase.Should().Be(CompetitionPhase.Live);
        board.Contestants.Should().Equal(
            new ScoreboardRow("D", 1, 85.00m, 4, 30.00m, 85.00m),
            new ScoreboardRow("B", 2, 80.00m, 3, 30.00m, 80.00m),
            new ScoreboardRow("C", null, null, 0, null, null),
            new ScoreboardRow("A", null, null, 2, null, null),
            new ScoreboardRow("E", null, null, 1, null, null));
        board.Ranked.Should().Be(2);
    }

    [Fact]
    public void Equal_finals_are_ranked_by_the_mean_of_results()
    {
        // Both total 80 from each of 3 judges; P scores 30 on results, Q 31 (and 1 less elsewhere).
        var sheets = new[] { "j1", "j2", "j3" }.SelectMany(j => new[] { Total("P", j, 80m, results: 30m), Total("Q", j, 80m, results: 31m) });
        var board = Board(sheets, "P", "Q");
        board.Contestants.Select(r => (r.Village, r.Rank, r.Final, r.ResultsMean)).Should().Equal(
            ("Q", 1, 80.00m, 31.00m),
            ("P", 2, 80.00m, 30.00m));
    }

    [Fact]
    public void Equal_finals_and_results_are_ranked_by_the_untrimmed_mean()
    {
        // R: 70 80 80 80 90 → trimmed (80 + 80 + 80) / 3 = 80, untrimmed 400 / 5 = 80
        // S: 60 80 80 80 85 → trimmed (80 + 80 + 80) / 3 = 80, untrimmed 385 / 5 = 77; results 30 on every sheet
        var board = Board(Totals("S", 60m, 80m, 80m, 80m, 85m).Concat(Totals("R", 70m, 80m, 80m, 80m, 90m)), "S", "R");
        board.Contestants.Select(r => (r.Village, r.Rank, r.Final, r.ResultsMean, r.UntrimmedMean)).Should().Equal(
            ("R", 1, 80.00m, 30.00m, 80.00m),
            ("S", 2, 80.00m, 30.00m, 77.00m));
    }

    [Fact]
    public void Contestants_still_equal_share_a_rank_and_the_next_rank_counts_everyone_above()
    {
        // W 90; X and Y 80 with the same sheets; Z 70. Y runs before X, so it is listed first.
        var sheets = Totals("W", 90m, 90m, 90m).Concat(Totals("X", 80m, 80m, 80m)).Concat(Totals("Y", 80m, 80m, 80m)).Concat(Totals("Z", 70m, 70m, 70m));
        Ranks(Board(sheets, "Z", "Y", "X", "W")).Should().Equal(("W", 1), ("Y", 2), ("X", 2), ("Z", 4));
    }

    [Fact]
    public void When_every_contestant_is_equal_all_share_rank_1()
    {
        var sheets = Totals("A", 75m, 80m, 85m).Concat(Totals("B", 75m, 80m, 85m)).Concat(Totals("C", 75m, 80m, 85m));
        Ranks(Board(sheets, "C", "A", "B")).Should().Equal(("C", 1), ("A", 1), ("B", 1));
        CompetitionPlacing.From("c", Board(sheets, "C", "A", "B") with { Phase = CompetitionPhase.Closed }, "B")!.Bonus.Should().Be(3m, "rank 1 of 3 is within the top 10% rounded up");
    }

    [Fact]
    public void Every_criterion_at_its_points_is_accepted_and_totals_100() =>
        Criteria.Check([new("ideas", 25m), new("results", 40m), new("style", 15m), new("revitalization", 20m)]).Should().BeEmpty();

    [Fact]
    public void Tie_breaks_compare_the_means_as_the_board_shows_them_to_two_decimals()
    {
        // A, 3 judges: results 30, 30, 30.1 (ideas 20, style 10, revitalization 20) → totals 80, 80, 80.1
        //   final 240.1 / 3 = 80.0333 → 80.03; results 90.1 / 3 = 30.0333 → 30.03; untrimmed 80.03
        // B, 4 judges: results 30, 30, 30, 30.1 → totals 80, 80, 80, 80.1
        //   final 320.1 / 4 = 80.025 → 80.03; results 120.1 / 4 = 30.025 → 30.03; untrimmed 80.03
        // Unrounded, A's 30.0333 would beat B's 30.025; as shown, they are equal and share rank 1.
        var sheets = new[]
        {
            Sheet("A", "j1", 20, 30, 10, 20), Sheet("A", "j2", 20, 30, 10, 20), Sheet("A", "j3", 20, 30.1m, 10, 20),
            Sheet("B", "j1", 20, 30, 10, 20), Sheet("B", "j2", 20, 30, 10, 20), Sheet("B", "j3", 20, 30, 10, 20), Sheet("B", "j4", 20, 30.1m, 10, 20),
        };
        Board(sheets, "A", "B").Contestants.Should().Equal(
            new ScoreboardRow("A", 1, 80.03m, 3, 30.03m, 80.03m),
            new ScoreboardRow("B", 1, 80.03m, 4, 30.03m, 80.03m));
    }

    [Fact]
    public void The_board_uses_each_judges_latest_sheet()
    {
        // j1 first gives 70, then changes it to 90: (90 + 80 + 80) / 3 = 83.333 → 83.33, from 3 judges, not 4.
        var sheets = new[] { Total("V", "j1", 70m), Total("V", "j2", 80m), Total("V", "j3", 80m), Total("V", "j1", 90m), Total("not-a-contestant", "j1", 90m) };
        var board = Board(sheets, "V");
        board.Contestants.Should().Equal(new ScoreboardRow("V", 1, 83.33m, 3, 30.00m, 83.33m));
    }

    [Fact]
    public void A_named_tie_break_criterion_takes_the_place_of_results()
    {
        var criteria = new CompetitionCriteria([new("impact", "成效", null, 60), new("speech", "演讲", null, 40)], tieBreak: "impact");
        ScoreSheet S(string village, string judge, decimal impact, decimal speech) =>
            new(village, judge, new Dictionary<string, decimal> { ["impact"] = impact, ["speech"] = speech });
        // Both total 80 from each of 3 judges; L has impact 50, K 45.
        var sheets = new[] { "j1", "j2", "j3" }.SelectMany(j => new[] { S("K", j, 45, 35), S("L", j, 50, 30) });
        var board = CompetitionScoring.Board(CompetitionPhase.Live, criteria, [new Contestant("K"), new Contestant("L")], sheets);
        board.Contestants.Select(r => (r.Village, r.Rank, r.ResultsMean)).Should().Equal(("L", 1, 50.00m), ("K", 2, 45.00m));
    }

    // ---- Fairness ----

    [Fact]
    public void Fairness_normalises_each_judge_and_leaves_out_a_judge_of_zero_spread()
    {
        // totals      A    B    C
        //   j1       90   60   75   mean 75, deviations 15 −15 0, population variance 450 / 3 = 150, SD √150 = 12.247
        //   j2       78   82   80   mean 80, deviations −2 2 0, variance 8 / 3, SD 1.633
        //   j3       78   82   80   as j2
        //   j4       80   80   80   SD 0: left out
        // Official (4 judges, plain mean): A 326/4 = 81.5 (1), C 315/4 = 78.75 (2), B 304/4 = 76 (3).
        // z: j1 gives A 15/√150 = √1.5, B −√1.5, C 0; j2 and j3 give A −2/√(8/3) = −√1.5, B √1.5, C 0.
        // Normalised: A (√1.5 − √1.5 − √1.5) / 3 = −√1.5 / 3 = −0.40825 → −0.4082; B +0.4082; C 0.
        // Normalised ranks: B 1, C 2, A 3: A and B would change.
        var sheets = new[]
        {
            Total("A", "j1", 90m), Total("B", "j1", 60m), Total("C", "j1", 75m),
            Total("A", "j2", 78m), Total("B", "j2", 82m), Total("C", "j2", 80m),
            Total("A", "j3", 78m), Total("B", "j3", 82m), Total("C", "j3", 80m),
            Total("A", "j4", 80m), Total("B", "j4", 80m), Total("C", "j4", 80m),
        };
        var board = Board(sheets, "A", "B", "C");
        var report = CompetitionFairness.Report(board, sheets);

        report.Judges.Select(j => (j.Judge, j.Mean, j.Sd, j.Scored, j.LeftOut is null)).Should().Equal(
            ("j1", 75.00m, 12.25m, 3, true),  // a sample SD would be √(450 / 2) = 15
            ("j2", 80.00m, 1.63m, 3, true),
            ("j3", 80.00m, 1.63m, 3, true),
            ("j4", 80.00m, 0.00m, 3, false));
        report.Judges[3].LeftOut.Should().Contain("standard deviation 0");
        report.Contestants.Should().Equal(
            new FairnessRow("A", 81.50m, 1, -0.4082m, 3),
            new FairnessRow("C", 78.75m, 2, 0.0000m, 2),
            new FairnessRow("B", 76.00m, 3, 0.4082m, 1));
        report.Changed.Should().Equal("A", "B");
    }

    [Fact]
    public void Fairness_leaves_out_a_judge_with_fewer_than_2_totals()
    {
        // j1–j3 each give A 90, B 80, C 70: mean 80, variance (100 + 0 + 100) / 3, SD √(200/3) = 8.165;
        // z = 10 / 8.165 = √1.5 = 1.22474 for A, 0 for B, −1.22474 for C.
        // j5 scores only A (60): one total, no spread; counting it would pull A down.
        // Official: A (90 + 90 + 90 + 60) / 4 = 82.5, B 80, C 70: the same order, nobody changes.
        var sheets = Totals("A", 90m, 90m, 90m).Concat(Totals("B", 80m, 80m, 80m)).Concat(Totals("C", 70m, 70m, 70m))
            .Append(Total("A", "j5", 60m)).ToList();
        var report = CompetitionFairness.Report(Board(sheets, "A", "B", "C"), sheets);

        report.Judges.Select(j => (j.Judge, j.Mean, j.Sd, j.Scored)).Should().Equal(
            ("j1", 80.00m, 8.16m, 3), ("j2", 80.00m, 8.16m, 3), ("j3", 80.00m, 8.16m, 3), ("j5", 60.00m, 0.00m, 1));
        report.Judges[3].LeftOut.Should().Contain("fewer than 2");
        report.Contestants.Should().Equal(
            new FairnessRow("A", 82.50m, 1, 1.2247m, 1),
            new FairnessRow("B", 80.00m, 2, 0.0000m, 2),
            new FairnessRow("C", 70.00m, 3, -1.2247m, 3));
        report.Changed.Should().BeEmpty();
    }

    // ---- The bonus ----

    [Theory]
    // 30 contestants: top 10% = ceil(3) = 3, top 30% = ceil(9) = 9, top 50% = ceil(15) = 15
    [InlineData(1, 30, 3)]
    [InlineData(3, 30, 3)]
    [InlineData(4, 30, 2)]
    [InlineData(9, 30, 2)]
    [InlineData(10, 30, 1)]
    [InlineData(15, 30, 1)]
    [InlineData(16, 30, 0)]
    // 7 contestants: ceil(0.7) = 1, ceil(2.1) = 3, ceil(3.5) = 4
    [InlineData(1, 7, 3)]
    [InlineData(2, 7, 2)]
    [InlineData(3, 7, 2)]
    [InlineData(4, 7, 1)]
    [InlineData(5, 7, 0)]
    public void The_bonus_is_3_2_or_1_within_the_top_10_30_or_50_percent_rounded_up(int rank, int contestants, int bonus) =>
        new CompetitionPlacing("c", rank, contestants).Bonus.Should().Be(bonus);

    [Fact]
    public void The_placing_comes_from_a_closed_board_and_counts_the_ranked_contestants()
    {
        // A 90, B 80, C 70 from 3 judges; D has 2 judges, no final and no rank: 3 ranked contestants.
        // B: rank 2 of 3 → ceil(0.3) = 1, ceil(0.9) = 1, ceil(1.5) = 2 → +1 (of 4 it would be ceil(1.2) = 2 → +2).
        var sheets = Totals("A", 90m, 90m, 90m).Concat(Totals("B", 80m, 80m, 80m)).Concat(Totals("C", 70m, 70m, 70m)).Concat(Totals("D", 90m, 90m)).ToList();
        Contestant[] contestants = [new("A"), new("B"), new("C"), new("D")];
        var closed = CompetitionScoring.Board(CompetitionPhase.Closed, Criteria, contestants, sheets);

        CompetitionPlacing.From("c1", closed, "A").Should().Be(new CompetitionPlacing("c1", 1, 3));
        CompetitionPlacing.From("c1", closed, "A")!.Bonus.Should().Be(3m);  // ceil(0.3) = 1
        CompetitionPlacing.From("c1", closed, "B")!.Bonus.Should().Be(1m);
        CompetitionPlacing.From("c1", closed, "C")!.Bonus.Should().Be(0m);  // 3 > ceil(1.5) = 2
        CompetitionPlacing.From("c1", closed, "D").Should().BeNull();
        CompetitionPlacing.From("c1", closed, "not-a-contestant").Should().BeNull();
    }

    [Fact]
    public void A_competition_that_is_not_closed_gives_no_placing()
    {
        var sheets = Totals("A", 90m, 90m, 90m).ToList();
        foreach (var phase in new[] { CompetitionPhase.Scheduled, CompetitionPhase.Live })
            CompetitionPlacing.From("c1", CompetitionScoring.Board(phase, Criteria, [new Contestant("A")], sheets), "A").Should().BeNull();
    }

    [Fact]
    public void Of_a_villages_competitions_the_best_bonus_counts()
    {
        // c1: 4th of 7 → +1; c2: 3rd of 30 → +3; c3: 16th of 30 → 0.
        CompetitionPlacing.Best([new("c1", 4, 7), new("c2", 3, 30), new("c3", 16, 30)])
            .Should().Be(new CompetitionPlacing("c2", 3, 30));
    }
}
