using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.CompetitionFixture;
using static Assessment.Host.Tests.Infrastructure.Competitions;

namespace Assessment.Host.Tests;

/// <summary>api.md "Competitions": the workflow, what each refusal says, the history of sheets and the reports.</summary>
[Collection(CompetitionCollection.Name)]
public class CompetitionTests(CompetitionFixture f)
{
    private static readonly string V1 = GaoqingVillages[0], V2 = GaoqingVillages[1], V3 = GaoqingVillages[2];

    /// <summary>A 高青县 competition of the city's judges j1–j3 with three contestants, started.</summary>
    private async Task<string> LiveAsync(HttpClient organizer, params string[] judges)
    {
        var id = await CreateAsync(organizer, Cycle, Gaoqing, judges.Length == 0 ? ["j1", "j2", "j3"] : judges);
        foreach (var v in new[] { V1, V2, V3 }) await AddAsync(organizer, id, v);
        await PhaseAsync(organizer, id, "start");
        return id;
    }

    [Fact]
    public async Task A_competition_is_created_with_the_default_criteria_and_read_in_running_order()
    {
        using var org = await f.As("org-gq");
        var id = await CreateAsync(org, Cycle, Gaoqing, ["j1", "j2", "j3"]);
        await AddAsync(org, id, V3, session: 2, order: 1);
        await AddAsync(org, id, V2, session: 1, order: 2);
        await AddAsync(org, id, V1, session: 1, order: 1);

        var view = await (await org.GetAsync($"/api/competitions/{id}")).ShouldBeOkAsync();
        view.GetProperty("phase").GetString().Should().Be("Scheduled");
        view.GetProperty("regionCode").GetString().Should().Be(Gaoqing);
        view.GetProperty("criteria").EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("points").GetDecimal()))
            .Should().Equal(("ideas", 25m), ("results", 40m), ("style", 15m), ("revitalization", 20m));
        view.GetProperty("judges").EnumerateArray().Select(j => j.GetString()).Should().Equal("j1", "j2", "j3");
        var contestants = view.GetProperty("contestants").EnumerateArray().ToList();
        contestants.Select(c => c.GetProperty("village").GetString()).Should().Equal(V1, V2, V3);
        contestants[0].GetProperty("name").GetString().Should().Be($"村{V1[6..9]}{V1[9..]}");
        contestants[0].GetProperty("presenter").GetString().Should().NotBeNullOrEmpty();
        contestants[2].GetProperty("session").GetInt32().Should().Be(2);

        // The province and the judges read it; a judge not assigned and another county's organizer do not.
        using var prov = await f.As("prov");
        (await prov.GetAsync($"/api/competitions/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var j1 = await f.As("j1");
        (await j1.GetAsync($"/api/competitions/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var j9 = await f.As("j9");
        await (await j9.GetAsync($"/api/competitions/{id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var yy = await f.As("org-yy");
        await (await yy.GetAsync($"/api/competitions/{id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_list_filters_by_cycle_and_region_and_a_judge_sees_only_its_own()
    {
        using var gq = await f.As("org-gq");
        using var yy = await f.As("org-yy");
        var mine = await CreateAsync(gq, Cycle, Gaoqing, ["j4"]);
        var other = await CreateAsync(yy, Cycle, Yiyuan, ["j5"]);

        using var prov = await f.As("prov");
        var inGaoqing = await (await prov.GetAsync($"/api/competitions?cycle={Cycle}&region={Gaoqing}&limit=1000")).ShouldBeOkAsync();
        var ids = inGaoqing.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        ids.Should().Contain(mine).And.NotContain(other);
        ids.Should().BeInAscendingOrder(StringComparer.Ordinal);
        var inCity = await (await prov.GetAsync($"/api/competitions?region={City}&limit=1000")).ShouldBeOkAsync();
        inCity.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Should().Contain([mine, other]);
        var otherCycle = await (await prov.GetAsync($"/api/competitions?cycle=1999")).ShouldBeOkAsync();
        otherCycle.GetProperty("items").GetArrayLength().Should().Be(0);

        using var j5 = await f.As("j5");
        var judged = await (await j5.GetAsync($"/api/competitions?cycle={Cycle}&limit=1000")).ShouldBeOkAsync();
        judged.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Should().Contain(other).And.NotContain(mine);
    }

    [Fact]
    public async Task A_county_may_not_organize_a_city_competition_nor_another_countys()
    {
        using var gq = await f.As("org-gq");
        var city = await gq.PostAsJsonAsync("/api/competitions", new { id = "city-by-county", name = "市级擂台", cycle = Cycle, regionCode = City, judges = new[] { "j1" } });
        await city.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var neighbour = await gq.PostAsJsonAsync("/api/competitions", new { id = "yy-by-gq", name = "沂源擂台", cycle = Cycle, regionCode = Yiyuan, judges = new[] { "j1" } });
        await neighbour.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var prov = await f.As("prov");
        (await prov.GetAsync("/api/competitions/city-by-county")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // The city organizes its own competition, over its counties.
        using var zb = await f.As("org-zb");
        await CreateAsync(zb, Cycle, City, ["j1", "judge-gq"]);
    }

    [Fact]
    public async Task Creation_is_refused_for_unknown_judges_non_judges_bad_criteria_and_an_unknown_cycle()
    {
        using var gq = await f.As("org-gq");
        var bad = await gq.PostAsJsonAsync("/api/competitions", new { id = "bad-judges", name = "x", cycle = Cycle, regionCode = Gaoqing, judges = new[] { "j1", "nobody", "org-yy", "j1" } });
        var problem = await bad.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Select(e => e.Field).Should().Equal("judges[1]", "judges[2]", "judges[3]");
        problem.Errors[1].Message.Should().Contain("not a judge");

        var criteria = await gq.PostAsJsonAsync("/api/competitions", new
        {
            id = "bad-criteria", name = "x", cycle = Cycle, regionCode = Gaoqing, judges = new[] { "j1" },
            criteria = new object[] { new { code = "a", nameZh = "甲", points = 10 }, new { code = "a", nameZh = "乙", points = 0 } },
        });
        var refused = await criteria.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        refused.Errors.Select(e => e.Field).Should().Contain(["criteria[1].code", "criteria[1].points", "tieBreak"]);

        var cycle = await gq.PostAsJsonAsync("/api/competitions", new { id = "bad-cycle", name = "x", cycle = "1999", regionCode = Gaoqing, judges = new[] { "j1" } });
        (await cycle.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Errors.Select(e => e.Field).Should().Equal("cycle");

        var id = await gq.PostAsJsonAsync("/api/competitions", new { id = "a/b", name = "x", cycle = Cycle, regionCode = Gaoqing, judges = new[] { "j1" } });
        (await id.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Errors.Select(e => e.Field).Should().Equal("id");

        var twice = await CreateAsync(gq, Cycle, Gaoqing, ["j1"]);
        var again = await gq.PostAsJsonAsync("/api/competitions", new { id = twice, name = "x", cycle = Cycle, regionCode = Gaoqing, judges = new[] { "j1" } });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_custom_criteria_list_scores_and_breaks_ties_on_its_named_criterion()
    {
        using var gq = await f.As("org-gq");
        var id = await CreateAsync(gq, Cycle, Gaoqing, ["j1", "j2", "j3"],
            criteria: new object[] { new { code = "speech", nameZh = "演讲", points = 60 }, new { code = "record", nameZh = "实绩", points = 40 } }, tieBreak: "record");
        await AddAsync(gq, id, V1);
        await AddAsync(gq, id, V2);
        await PhaseAsync(gq, id, "start");
        foreach (var judge in new[] { "j1", "j2", "j3" })
        {
            using var j = await f.As(judge);
            (await ScoreAsync(j, id, V1, new { speech = 50, record = 30 })).StatusCode.Should().Be(HttpStatusCode.OK);
            (await ScoreAsync(j, id, V2, new { speech = 40, record = 40 })).StatusCode.Should().Be(HttpStatusCode.OK);
            await (await ScoreAsync(j, id, V2, Sheet(1, 1, 1, 1))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        }
        var board = await BoardAsync(gq, id);
        // Both 80; V2 has the higher mean of "record".
        board.GetProperty("contestants").EnumerateArray().Select(c => (c.GetProperty("village").GetString(), c.GetProperty("rank").GetInt32()))
            .Should().Equal((V2, 1), (V1, 2));
    }

    [Fact]
    public async Task Contestants_are_Excellence_villages_of_the_region_only()
    {
        using var gq = await f.As("org-gq");
        var id = await CreateAsync(gq, Cycle, Gaoqing, ["j1"]);
        var foundation = await gq.PostAsJsonAsync($"/api/competitions/{id}/contestants", new { village = Foundation, presenter = "王书记" });
        var p1 = await foundation.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        p1.Errors.Single().Field.Should().Be("village");
        p1.Errors.Single().Message.Should().Contain("foundation").And.Contain(Published);

        var outside = await gq.PostAsJsonAsync($"/api/competitions/{id}/contestants", new { village = YiyuanVillages[0], presenter = "孙书记" });
        (await outside.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Errors.Single().Message.Should().Contain("not in the competition's region");

        var noPresenter = await gq.PostAsJsonAsync($"/api/competitions/{id}/contestants", new { village = V1, presenter = " " });
        (await noPresenter.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Errors.Single().Field.Should().Be("presenter");

        var view = await (await gq.GetAsync($"/api/competitions/{id}")).ShouldBeOkAsync();
        view.GetProperty("contestants").GetArrayLength().Should().Be(0, "a refused request changes nothing");

        // Cycle 2023's own competitions would need a tier published before 2023: there is none.
        var early = await CreateAsync(gq, Published, Gaoqing, ["j1"]);
        var none = await gq.PostAsJsonAsync($"/api/competitions/{early}/contestants", new { village = V1, presenter = "王书记" });
        (await none.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Errors.Single().Message.Should().Contain("no published tier");

        using var yy = await f.As("org-yy");
        await (await yy.PostAsJsonAsync($"/api/competitions/{id}/contestants", new { village = V1, presenter = "王书记" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Scores_are_refused_before_start_and_after_close_with_409()
    {
        using var gq = await f.As("org-gq");
        using var j1 = await f.As("j1");
        var id = await CreateAsync(gq, Cycle, Gaoqing, ["j1", "j2", "j3"]);
        await AddAsync(gq, id, V1);
        var early = await (await ScoreAsync(j1, id, V1, Sheet(20, 30, 10, 15))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        early.Detail.Should().Contain("not started");
        await PhaseAsync(gq, id, "start");
        (await ScoreAsync(j1, id, V1, Sheet(20, 30, 10, 15))).StatusCode.Should().Be(HttpStatusCode.OK);
        await PhaseAsync(gq, id, "close");
        var late = await (await ScoreAsync(j1, id, V1, Sheet(25, 40, 15, 20))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        late.Detail.Should().Contain("Closed");
        await (await gq.PostAsync($"/api/competitions/{id}/start", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await gq.PostAsync($"/api/competitions/{id}/close", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await gq.PostAsJsonAsync($"/api/competitions/{id}/contestants", new { village = V2, presenter = "x" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var scores = await (await gq.GetAsync($"/api/competitions/{id}/scores")).ShouldBeOkAsync();
        scores.GetProperty("items").GetArrayLength().Should().Be(1, "closed results never change");
    }

    [Fact]
    public async Task A_judge_not_assigned_or_of_the_contestants_county_is_refused_with_403()
    {
        using var zb = await f.As("org-zb");
        var id = await CreateAsync(zb, Cycle, City, ["j1", "judge-gq"]);
        await AddAsync(zb, id, V1);
        await AddAsync(zb, id, YiyuanVillages[0]);
        await PhaseAsync(zb, id, "start");

        using var j2 = await f.As("j2");
        (await (await ScoreAsync(j2, id, V1, Sheet(20, 30, 10, 15))).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail.Should().Contain("not a judge of");
        using var gqJudge = await f.As("judge-gq");
        (await (await ScoreAsync(gqJudge, id, V1, Sheet(20, 30, 10, 15))).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail.Should().Contain("回避");
        // The same judge scores another county's contestant.
        (await ScoreAsync(gqJudge, id, YiyuanVillages[0], Sheet(20, 30, 10, 15))).StatusCode.Should().Be(HttpStatusCode.OK);
        // An organizer is no judge.
        await (await ScoreAsync(zb, id, V1, Sheet(20, 30, 10, 15))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        // Not a contestant.
        using var j1 = await f.As("j1");
        await (await ScoreAsync(j1, id, V2, Sheet(20, 30, 10, 15))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var board = await BoardAsync(j1, id);
        board.GetProperty("contestants").EnumerateArray().Single(c => c.GetProperty("village").GetString() == V1).GetProperty("judges").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("{\"ideas\":25.1,\"results\":30,\"style\":10,\"revitalization\":15}", "criteria.ideas", "out of range")]
    [InlineData("{\"ideas\":-0.1,\"results\":30,\"style\":10,\"revitalization\":15}", "criteria.ideas", "out of range")]
    [InlineData("{\"ideas\":20.05,\"results\":30,\"style\":10,\"revitalization\":15}", "criteria.ideas", "multiple of 0.1")]
    [InlineData("{\"ideas\":20,\"results\":30,\"style\":10}", "criteria.revitalization", "no score")]
    [InlineData("{\"ideas\":20,\"results\":30,\"style\":10,\"revitalization\":15,\"charm\":5}", "criteria.charm", "not a criterion")]
    [InlineData("{\"ideas\":20,\"results\":30,\"style\":10,\"revitalization\":\"15\"}", "criteria.revitalization", "not a number")]
    [InlineData("{\"ideas\":20,\"results\":30,\"style\":10,\"revitalization\":15,\"ideas\":21}", "criteria.ideas", "twice")]
    public async Task A_sheet_off_the_step_out_of_range_or_with_missing_or_unknown_criteria_is_422(string criteria, string field, string message)
    {
        using var gq = await f.As("org-gq");
        var id = await LiveAsync(gq);
        using var j1 = await f.As("j1");
        var response = await j1.PutAsync($"/api/competitions/{id}/scores/{V1}",
            new StringContent($"{{\"criteria\":{criteria}}}", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().Contain(e => e.Field == field && e.Message.Contains(message));
        (await (await gq.GetAsync($"/api/competitions/{id}/scores")).ShouldBeOkAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_maximum_of_every_criterion_and_tenths_are_accepted()
    {
        using var gq = await f.As("org-gq");
        var id = await LiveAsync(gq);
        using var j1 = await f.As("j1");
        var max = await (await ScoreAsync(j1, id, V1, Sheet(25, 40, 15, 20))).ShouldBeOkAsync();
        max.GetProperty("total").GetDecimal().Should().Be(100m);
        var tenths = await (await ScoreAsync(j1, id, V2, Sheet(0, 39.9m, 0.1m, 19.9m))).ShouldBeOkAsync();
        tenths.GetProperty("total").GetDecimal().Should().Be(59.9m);
    }

    [Fact]
    public async Task The_same_sheet_sent_again_is_answered_with_the_stored_one_and_kept_once()
    {
        using var gq = await f.As("org-gq");
        var id = await LiveAsync(gq);
        using var j1 = await f.As("j1");
        var first = await (await ScoreAsync(j1, id, V2, Sheet(20, 30, 10, 15))).ShouldBeOkAsync();
        // A tablet whose answer was lost sends the same sheet again: the same stored sheet comes back.
        var again = await (await ScoreAsync(j1, id, V2, Sheet(20, 30, 10, 15))).ShouldBeOkAsync();
        again.GetProperty("at").GetDateTimeOffset().Should().Be(first.GetProperty("at").GetDateTimeOffset());
        // A different sheet is a change; sending the earlier one after it is a change again (the later edit wins).
        await (await ScoreAsync(j1, id, V2, Sheet(21, 30, 10, 15))).ShouldBeOkAsync();
        await (await ScoreAsync(j1, id, V2, Sheet(20, 30, 10, 15))).ShouldBeOkAsync();

        var history = (await (await gq.GetAsync($"/api/competitions/{id}/scores")).ShouldBeOkAsync()).GetProperty("items").EnumerateArray()
            .Where(s => s.GetProperty("village").GetString() == V2).Select(s => s.GetProperty("total").GetDecimal()).ToList();
        history.Should().Equal(75m, 76m, 75m);
    }

    [Fact]
    public async Task Every_sheet_and_change_is_kept_with_judge_and_time_and_the_board_uses_the_latest()
    {
        using var gq = await f.As("org-gq");
        var id = await LiveAsync(gq);
        using var j1 = await f.As("j1");
        using var j2 = await f.As("j2");
        using var j3 = await f.As("j3");
        await (await ScoreAsync(j1, id, V1, Sheet(20, 30, 10, 15))).ShouldBeOkAsync();
        var changed = await (await ScoreAsync(j1, id, V1, Sheet(21, 31, 11, 16))).ShouldBeOkAsync();
        changed.GetProperty("replaced").ValueKind.Should().Be(JsonValueKind.String);
        await (await ScoreAsync(j2, id, V1, Sheet(22, 32, 12, 17))).ShouldBeOkAsync();
        await (await ScoreAsync(j3, id, V1, Sheet(23, 33, 13, 18))).ShouldBeOkAsync();

        var all = (await (await gq.GetAsync($"/api/competitions/{id}/scores")).ShouldBeOkAsync()).GetProperty("items").EnumerateArray().ToList();
        all.Select(s => (s.GetProperty("judge").GetString(), s.GetProperty("total").GetDecimal())).Should().Equal(("j1", 75m), ("j1", 79m), ("j2", 83m), ("j3", 87m));
        all[0].GetProperty("replaced").ValueKind.Should().Be(JsonValueKind.Null);
        all[1].GetProperty("replaced").GetDateTimeOffset().Should().Be(all[0].GetProperty("at").GetDateTimeOffset());
        all[1].GetProperty("criteria").GetProperty("ideas").GetDecimal().Should().Be(21m);

        // A judge reads its own; asking for another's is refused.
        var own = (await (await j1.GetAsync($"/api/competitions/{id}/scores")).ShouldBeOkAsync()).GetProperty("items");
        own.GetArrayLength().Should().Be(2);
        await (await j1.GetAsync($"/api/competitions/{id}/scores?judge=j2")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var ofJ2 = (await (await gq.GetAsync($"/api/competitions/{id}/scores?judge=j2")).ShouldBeOkAsync()).GetProperty("items");
        ofJ2.GetArrayLength().Should().Be(1);

        // Three judges: the plain mean of 79, 83, 87 is 83; the results mean (31+32+33)/3 = 32.
        var row = (await BoardAsync(j1, id)).GetProperty("contestants")[0];
        row.GetProperty("village").GetString().Should().Be(V1);
        row.GetProperty("rank").GetInt32().Should().Be(1);
        row.GetProperty("final").GetDecimal().Should().Be(83m);
        row.GetProperty("resultsMean").GetDecimal().Should().Be(32m);
        row.GetProperty("judges").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task The_reports_give_the_final_ranking_with_each_judges_totals_and_the_fairness_figures_as_JSON_CSV_and_XLSX()
    {
        using var gq = await f.As("org-gq");
        var id = await LiveAsync(gq);
        // j1 is harsh and j3 generous on V1 and V2; j2 scores everyone the same (standard deviation 0: left out).
        var sheets = new Dictionary<(string, string), object>
        {
            [("j1", V1)] = Sheet(10, 20, 5, 5), [("j1", V2)] = Sheet(12, 22, 6, 6), [("j1", V3)] = Sheet(20, 30, 10, 10),
            [("j2", V1)] = Sheet(20, 30, 10, 10), [("j2", V2)] = Sheet(20, 30, 10, 10), [("j2", V3)] = Sheet(20, 30, 10, 10),
            [("j3", V1)] = Sheet(25, 40, 15, 20), [("j3", V2)] = Sheet(20, 30, 10, 10), [("j3", V3)] = Sheet(21, 31, 11, 11),
        };
        foreach (var ((judge, village), sheet) in sheets)
        {
            using var j = await f.As(judge);
            (await ScoreAsync(j, id, village, sheet)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await (await gq.GetAsync($"/api/reports/competition/{id}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await PhaseAsync(gq, id, "close");

        var report = await (await gq.GetAsync($"/api/reports/competition/{id}")).ShouldBeOkAsync();
        var rows = report.GetProperty("contestants").EnumerateArray().ToList();
        // Totals: V1 40, 70, 100 → 70; V2 46, 70, 70 → 62; V3 70, 70, 74 → 71.33.
        rows.Select(r => (r.GetProperty("village").GetString(), r.GetProperty("rank").GetInt32(), r.GetProperty("final").GetDecimal()))
            .Should().Equal((V3, 1, 71.33m), (V1, 2, 70m), (V2, 3, 62m));
        rows[1].GetProperty("totals").GetProperty("j1").GetDecimal().Should().Be(40m);

        var fairness = await (await gq.GetAsync($"/api/reports/fairness/{id}")).ShouldBeOkAsync();
        var judges = fairness.GetProperty("judges").EnumerateArray().ToList();
        judges.Select(j => j.GetProperty("judge").GetString()).Should().Equal("j1", "j2", "j3");
        judges[1].GetProperty("sd").GetDecimal().Should().Be(0m);
        judges[1].GetProperty("scored").GetInt32().Should().Be(3);
        fairness.GetProperty("contestants").GetArrayLength().Should().Be(3);
        fairness.GetProperty("changed").ValueKind.Should().Be(JsonValueKind.Array);

        var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/competition/{id}") { Headers = { { "Accept", "text/csv" } } };
        var csvResponse = await gq.SendAsync(csv);
        csvResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = System.Text.Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync());
        text.Should().StartWith("\uFEFFrank,village,name,final,judges,resultsMean,untrimmedMean,j1,j2,j3");
        text.Should().Contain($"1,{V3},");
        var xlsx = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/fairness/{id}") { Headers = { { "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } } };
        var xlsxResponse = await gq.SendAsync(xlsx);
        xlsxResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        (await xlsxResponse.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');
    }

    [Fact]
    public async Task An_unknown_competition_is_404_everywhere()
    {
        using var prov = await f.As("prov");
        foreach (var path in new[] { "/api/competitions/none", "/api/competitions/none/scoreboard", "/api/competitions/none/scoreboard/stream", "/api/reports/competition/none", "/api/reports/fairness/none" })
            await (await prov.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // A blank id never reaches a grain: the edge refuses it, naming the parameter.
        (await (await prov.GetAsync("/api/competitions/%20/scoreboard")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Should().Contain(e => e.Field == "id");
        using var gq = await f.As("org-gq");
        await (await gq.PostAsync("/api/competitions/none/start", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
