using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// 对标提升 on a published cycle (domain.md, Benchmarking): the expected benchmarks and gaps are worked
/// out here from the rule (nearest-rank 90th percentile over the province's Demonstration villages),
/// with the indicator scores of <see cref="SpecOracle"/>, never read back from the service.
/// </summary>
public class BenchmarkingTests
{
    private const string Code = "360000000000";

    /// <summary>Eleven villages that end Demonstration (ten on their score, one by an override at 78) and one Excellence village.</summary>
    private static readonly string[] Villages = [.. Enumerable.Range(1, 7).Select(i => $"3601021010{i:D2}"), .. Enumerable.Range(1, 5).Select(i => $"3601031010{i:D2}")];

    private static Dictionary<string, object> ValuesOf(int i)
    {
        var values = new Dictionary<string, object>(Cycles.FullMarks);
        if (i < 10)
        {
            values["collective_income"] = 40 + i;
            values["hotline_satisfaction"] = 90 + i;
            values["secretary_training_hours"] = 30 + i;
            values["reserve_cadres"] = 2 + i % 2;
        }
        else
        {
            values["collective_income"] = 0;
            values["hotline_satisfaction"] = 80;
            if (i == 11) values["secretary_training_hours"] = 0;
        }
        return values;
    }

    [Fact]
    public async Task Gap_lists_and_the_at_risk_list_follow_the_rule_on_a_published_cycle()
    {
        await using var host = new TestHost();
        using var admin = await host.AdminAsync();
        var csv = "code,name,level,parentCode\n360000000000,江西省,province,\n360100000000,南昌市,city,360000000000\n" +
            "360102000000,东湖区,county,360100000000\n360102101000,一镇,township,360102000000\n" +
            "360103000000,西湖区,county,360100000000\n360103101000,二镇,township,360103000000\n" +
            string.Concat(Villages.Select((v, i) => $"{v},村{i},village,{v[..9]}000\n"));
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv))).StatusCode.Should().Be(HttpStatusCode.OK);

        var cycle = await Cycles.CreateAsync(admin, new { province = Code });
        for (var i = 0; i < Villages.Length; i++)
            (await admin.PostAsJsonAsync($"/api/cycles/{cycle}/villages/{Villages[i]}/indicators", new { values = ValuesOf(i) })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null)).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(admin, cycle);
        // Not yet published: 409.
        await (await admin.GetAsync($"/api/reports/benchmark/{Villages[0]}?cycle={cycle}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await admin.GetAsync($"/api/reports/at-risk?cycle={cycle}&region={Code}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await admin.PostAsJsonAsync($"/api/cycles/{cycle}/movements/{Villages[10]}/decision",
            new { decision = "override", tier = "demonstration", reason = "省级示范点" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/cycles/{cycle}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        await Cycles.PublishAsync(admin, cycle);

        // The spec's rule, worked out here.
        var scores = Enumerable.Range(0, Villages.Length).Select(i => Scores(ValuesOf(i))).ToList();
        var totals = Enumerable.Range(0, Villages.Length).Select(i => SpecOracle.Score(Values(ValuesOf(i)))).ToList();
        totals.Take(10).Should().OnlyContain(s => s >= 85m, "the first ten are Demonstration on their score");
        totals[10].Should().Be(78m);
        var demonstration = Enumerable.Range(0, 11).ToList();
        var benchmark = SpecOracle.Scored.ToDictionary(s => s.Code, s =>
        {
            var sorted = demonstration.Select(i => scores[i][s.Code]).Order().ToList();
            return sorted[(int)Math.Ceiling(0.9m * sorted.Count) - 1];
        });

        foreach (var i in new[] { 0, 3, 10 })
        {
            var expected = SpecOracle.Scored
                .Select(s => (s.Code, Benchmark: benchmark[s.Code], Own: scores[i][s.Code], Gap: Math.Round(s.Weight * Math.Max(0m, benchmark[s.Code] - scores[i][s.Code]), 2, MidpointRounding.AwayFromZero)))
                .Where(g => g.Gap > 0)
                .OrderByDescending(g => g.Gap).ThenBy(g => g.Code, StringComparer.Ordinal)
                .Select(g => ((string?)g.Code, Math.Round(g.Benchmark, 4, MidpointRounding.AwayFromZero), Math.Round(g.Own, 4, MidpointRounding.AwayFromZero), g.Gap))
                .ToList();
            expected.Should().NotBeEmpty();
            var report = await (await admin.GetAsync($"/api/reports/benchmark/{Villages[i]}?cycle={cycle}")).ShouldBeOkAsync();
            report.GetProperty("village").GetString().Should().Be(Villages[i]);
            report.GetProperty("score").GetDecimal().Should().Be(totals[i]);
            report.GetProperty("atRisk").GetBoolean().Should().Be(totals[i] < 82m);
            report.GetProperty("gaps").EnumerateArray()
                .Select(g => (g.GetProperty("indicator").GetString(), g.GetProperty("benchmark").GetDecimal(), g.GetProperty("own").GetDecimal(), g.GetProperty("gap").GetDecimal()))
                .Should().Equal(expected, $"village {i}");
        }

        // Not Demonstration in the cycle: 422.
        await (await admin.GetAsync($"/api/reports/benchmark/{Villages[11]}?cycle={cycle}")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        var atRisk = await (await admin.GetAsync($"/api/reports/at-risk?cycle={cycle}&region={Code}")).ShouldBeOkAsync();
        atRisk.GetProperty("items").EnumerateArray()
            .Select(a => (a.GetProperty("village").GetString(), a.GetProperty("name").GetString(), a.GetProperty("score").GetDecimal(), a.GetProperty("margin").GetDecimal()))
            .Should().Equal((Villages[10], "村10", 78m, -2m));
        var elsewhere = await (await admin.GetAsync($"/api/reports/at-risk?cycle={cycle}&region=360102000000")).ShouldBeOkAsync();
        elsewhere.GetProperty("items").GetArrayLength().Should().Be(0); // village 10 lies in 西湖区
    }

    private static Dictionary<string, Assessment.Domain.Indicators.IndicatorValue> Values(Dictionary<string, object> values) =>
        values.ToDictionary(v => v.Key, v => v.Value is bool b
            ? Assessment.Domain.Indicators.IndicatorValue.Of(b)
            : Assessment.Domain.Indicators.IndicatorValue.Of(Convert.ToDecimal(v.Value, CultureInfo.InvariantCulture)));

    /// <summary>Each scored indicator's score in [0, 1] (domain.md, the catalog): a flag is 0 or 1, a number is clamped linearly between floor and target.</summary>
    private static Dictionary<string, decimal> Scores(Dictionary<string, object> values) =>
        SpecOracle.Scored.ToDictionary(s => s.Code, s =>
        {
            var v = values[s.Code];
            if (s.Floor is null) return (bool)v ? 1m : 0m;
            var x = Convert.ToDecimal(v, CultureInfo.InvariantCulture);
            return Math.Min(1m, Math.Max(0m, (x - s.Floor.Value) / (s.Target!.Value - s.Floor.Value)));
        });
}
