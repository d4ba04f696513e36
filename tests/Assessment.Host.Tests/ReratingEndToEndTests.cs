using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Generator;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.Infrastructure.SpecOracle;

namespace Assessment.Host.Tests;

/// <summary>
/// Three yearly cycles (2022–2024) on a generated province, through the API only: import, freeze,
/// compute, decide, publish; then the reports. Every expected tier, count and sentence is worked
/// out here from the spec's rules (<see cref="SpecOracle"/>), never read back from the service.
/// </summary>
public class ReratingEndToEndTests
{
    private static readonly string[] Years = ["2022", "2023", "2024"];

    [Fact]
    public async Task Three_published_cycles_give_the_tiers_movements_and_summary_the_rules_say()
    {
        var province = ProvinceGenerator.Generate(360, seed: 11, new ProvinceShape(Cities: 3, Counties: 6, Townships: 18));
        await using var host = new TestHost();
        using var admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(province.RegionCsv()))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsJsonAsync("/api/users", new { username = "prov", password = "password-123", role = "province", regionCode = province.Code }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        using var prov = await host.ClientAsAsync("prov", "password-123");

        var tiers = new Dictionary<string, int>();                // village → tier after the last published cycle
        var history = province.Villages.ToDictionary(v => v.Code, _ => new List<int>());
        var overridden = province.Villages[0].Code;

        for (var y = 0; y < Years.Length; y++)
        {
            var cycle = Years[y];
            (await prov.PostAsJsonAsync("/api/cycles", new { id = cycle })).StatusCode.Should().Be(HttpStatusCode.Created);
            foreach (var (_, csv) in province.IndicatorFiles(y))
                (await admin.PostAsync($"/api/cycles/{cycle}/indicators:import", Cycles.Csv(csv))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await prov.PostAsync($"/api/cycles/{cycle}/freeze", null)).StatusCode.Should().Be(HttpStatusCode.OK);
            await Cycles.ComputeAsync(prov, cycle);

            // The proposals, as the spec has them.
            var values = province.Values(y);
            var expected = province.Villages.ToDictionary(v => v.Code, v =>
            {
                var score = Score(values[v.Code]);
                int? previous = tiers.TryGetValue(v.Code, out var p) ? p : null;
                return (Previous: previous, Score: score, Proposed: Propose(previous, score, Veto(values[v.Code])));
            });
            foreach (var v in province.Villages.Where((_, i) => i % 3 == y)) // a third of the villages each year, all of them over the three
            {
                var a = await (await prov.GetAsync($"/api/cycles/{cycle}/villages/{v.Code}/assessment")).ShouldBeOkAsync();
                a.GetProperty("score").GetDecimal().Should().Be(expected[v.Code].Score, v.Code);
                a.GetProperty("proposedTier").GetString().Should().Be(Wire(expected[v.Code].Proposed), v.Code);
                a.GetProperty("reasons")[0].GetProperty("en").GetString().Should().NotBeNullOrEmpty();
            }
            var movements = expected.Where(e => e.Value.Previous != e.Value.Proposed).ToDictionary(e => e.Key, e => e.Value);
            var listed = await Cycles.AllMovementsAsync(prov, cycle);
            listed.Select(m => m.GetProperty("village").GetString()).Should().Equal(movements.Keys.Order(StringComparer.Ordinal), "every movement, by code");

            // The province's review: each year a little differently.
            var final = expected.ToDictionary(e => e.Key, e => e.Value.Proposed);
            if (y == 0)
            {
                // All initial: a bulk reject decides none of them and says so.
                var reject = await Json(await prov.PostAsJsonAsync($"/api/cycles/{cycle}/movements:decide", new { decision = "reject" }));
                reject.GetProperty("decided").GetInt32().Should().Be(0);
                reject.GetProperty("skipped").GetInt32().Should().Be(province.Villages.Count);
                (await prov.PostAsJsonAsync($"/api/cycles/{cycle}/movements/{overridden}/decision", new { decision = "override", tier = "excellence", reason = "县委组织部复核" }))
                    .StatusCode.Should().Be(HttpStatusCode.OK);
                final[overridden] = Excellence;
            }
            if (y == 1)
            {
                // Downward movements are rejected: those villages keep their tier.
                var downs = movements.Where(m => m.Value.Proposed < m.Value.Previous).ToList();
                var reject = await Json(await prov.PostAsJsonAsync($"/api/cycles/{cycle}/movements:decide", new { decision = "reject", direction = "down" }));
                reject.GetProperty("decided").GetInt32().Should().Be(downs.Count);
                foreach (var d in downs) final[d.Key] = d.Value.Previous!.Value;
            }
            var approve = await Json(await prov.PostAsJsonAsync($"/api/cycles/{cycle}/movements:decide", new { decision = "approve" }));
            var counts = (await (await prov.GetAsync($"/api/cycles/{cycle}")).ShouldBeOkAsync()).GetProperty("counts");
            counts.GetProperty("movements").GetInt32().Should().Be(movements.Count);
            counts.GetProperty("decided").GetInt32().Should().Be(movements.Count);
            approve.GetProperty("decided").GetInt32().Should().BeGreaterThan(0);

            await Cycles.PublishAsync(prov, cycle);
            foreach (var (village, tier) in final)
            {
                tiers[village] = tier;
                history[village].Add(tier);
            }
        }

        // A village's history holds one entry per published cycle, the last its tier.
        var sample = await (await prov.GetAsync($"/api/villages/{overridden}")).ShouldBeOkAsync();
        sample.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("cycle").GetString()).Should().Equal(Years);
        sample.GetProperty("tier").GetString().Should().Be(Wire(tiers[overridden]));
        sample.GetProperty("history")[0].GetProperty("tier").GetString().Should().Be("excellence", "the override of 2022");

        // Distribution 2024 for the province, by city.
        var distribution = await (await prov.GetAsync($"/api/reports/distribution?cycle=2024&region={province.Code}")).ShouldBeOkAsync();
        distribution.GetProperty("total").GetInt32().Should().Be(province.Villages.Count);
        foreach (var tier in new[] { Demonstration, Excellence, Foundation })
        {
            var n = tiers.Values.Count(t => t == tier);
            distribution.GetProperty("tiers").GetProperty(Wire(tier)).GetInt32().Should().Be(n);
            distribution.GetProperty("shares").GetProperty(Wire(tier)).GetDecimal()
                .Should().Be(Math.Round((decimal)n / province.Villages.Count, 4, MidpointRounding.AwayFromZero));
        }
        var cities = province.Regions.Where(r => r.Level == "city").Select(r => r.Code).ToList();
        distribution.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("region").GetString()).Should().Equal(cities);
        foreach (var child in distribution.GetProperty("children").EnumerateArray())
        {
            var city = child.GetProperty("region").GetString()!;
            child.GetProperty("tiers").GetProperty("demonstration").GetInt32()
                .Should().Be(tiers.Count(t => t.Key.StartsWith(city[..4], StringComparison.Ordinal) && t.Value == Demonstration));
        }

        // Movements 2022 → 2024.
        var matrix = await (await prov.GetAsync($"/api/reports/movements?from=2022&to=2024&region={province.Code}")).ShouldBeOkAsync();
        foreach (var from in new[] { Demonstration, Excellence, Foundation })
            foreach (var to in new[] { Demonstration, Excellence, Foundation })
                matrix.GetProperty("matrix").GetProperty(Wire(from)).GetProperty(Wire(to)).GetInt32()
                    .Should().Be(history.Values.Count(h => h[0] == from && h[2] == to), $"{Wire(from)} → {Wire(to)}");
        matrix.GetProperty("up").GetInt32().Should().Be(history.Values.Count(h => h[2] > h[0]));
        matrix.GetProperty("down").GetInt32().Should().Be(history.Values.Count(h => h[2] < h[0]));

        // The action plan's statement.
        var fromFoundation = history.Values.Count(h => (h[0] == Foundation && h[1] > Foundation) || (h[1] == Foundation && h[2] > Foundation));
        var fromExcellence = history.Values.Count(h => (h[0] == Excellence && h[1] > Excellence) || (h[1] == Excellence && h[2] > Excellence));
        decimal Percent(int i) => Math.Round(100m * history.Values.Count(h => h[i] == Demonstration) / history.Count, 1, MidpointRounding.AwayFromZero);
        var summary = await (await prov.GetAsync($"/api/reports/summary?from=2022&to=2024&region={province.Code}")).ShouldBeOkAsync();
        summary.GetProperty("movedUpFromFoundation").GetInt32().Should().Be(fromFoundation);
        summary.GetProperty("movedUpFromExcellence").GetInt32().Should().Be(fromExcellence);
        Percent(2).Should().BeGreaterThan(Percent(0), "the generated province drifts upward");
        summary.GetProperty("sentence").GetString().Should().Be(string.Format(CultureInfo.InvariantCulture,
            "3 年来, {0:N0} 个强基村、{1:N0} 个创优村晋位升级, 示范村占比从 {2:0.0}% 升至 {3:0.0}%", fromFoundation, fromExcellence, Percent(0), Percent(2)));
        summary.GetProperty("demonstrationShareFrom").GetDecimal()
            .Should().Be(Math.Round((decimal)history.Values.Count(h => h[0] == Demonstration) / history.Count, 4, MidpointRounding.AwayFromZero));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
