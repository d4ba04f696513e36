using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Domain.Indicators;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.Infrastructure.SpecOracle;

namespace Assessment.Host.Tests;

/// <summary>
/// Yearly targets (逐年细化目标任务), domain.md "Yearly targets": who sets which region's, and the
/// targets report against figures worked out here from the spec's rules, projected before publishing
/// and final after. A province of two cities (甲: two counties, 乙: one), three villages a county.
/// </summary>
public sealed class TargetsTests : IAsyncLifetime
{
    private const string Password = "password-123";
    private const string P = "23";
    private readonly TestHost host = new();
    private static readonly string ProvinceCode = $"{P}0000000000", CityA = $"{P}0100000000", CityB = $"{P}0200000000";
    private static readonly string[] Counties = [$"{P}0101000000", $"{P}0102000000", $"{P}0201000000"];
    private static readonly string[] Villages = Counties.SelectMany(c => Enumerable.Range(1, 3).Select(i => $"{c[..6]}10120{i}")).ToArray();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    /// <summary>Full marks but for collective income and its growth: 100 − 15 − 6 = 79 points.</summary>
    private static readonly Dictionary<string, object> Middling = Cycles.FullMarks
        .Where(v => v.Key is not ("collective_income" or "income_growth_rate")).ToDictionary(v => v.Key, v => v.Value);
    private static readonly Dictionary<string, object> Nothing = [];

    private static decimal ScoreOf(Dictionary<string, object> values) => Score(values.ToDictionary(v => v.Key,
        v => v.Value is bool b ? IndicatorValue.Of(b) : IndicatorValue.Of(Convert.ToDecimal(v.Value, System.Globalization.CultureInfo.InvariantCulture))));

    private async Task<string> CycleAsync(HttpClient admin, HttpClient prov, Func<int, Dictionary<string, object>> valuesOf)
    {
        var id = await Cycles.CreateAsync(prov);
        for (var i = 0; i < Villages.Length; i++)
        {
            if (valuesOf(i).Count > 0)
                (await admin.PostAsJsonAsync($"/api/cycles/{id}/villages/{Villages[i]}/indicators", new { values = valuesOf(i) })).EnsureSuccessStatusCode();
        }
        (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(prov, id);
        return id;
    }

    /// <summary>The figures of the villages under <paramref name="region"/> as the spec defines them.</summary>
    private static (int Total, int Demo, int Exc, int Found, int UpFromFoundation, int UpFromExcellence) Expected(
        string region, IReadOnlyList<int> previous, IReadOnlyList<int> final)
    {
        var prefix = region.TrimEnd('0');
        prefix = region[..(prefix.Length <= 2 ? 2 : prefix.Length <= 4 ? 4 : 6)];
        var inside = Enumerable.Range(0, Villages.Length).Where(i => Villages[i].StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return (inside.Count, inside.Count(i => final[i] == Demonstration), inside.Count(i => final[i] == Excellence), inside.Count(i => final[i] == Foundation),
            inside.Count(i => previous[i] == Foundation && final[i] > Foundation), inside.Count(i => previous[i] == Excellence && final[i] > Excellence));
    }

    private static void ShouldMatch(JsonElement row, string region, IReadOnlyList<int> previous, IReadOnlyList<int> final, Dictionary<string, decimal> targets)
    {
        var e = Expected(region, previous, final);
        row.GetProperty("region").GetString().Should().Be(region);
        var actual = row.GetProperty("actual");
        actual.GetProperty("total").GetInt32().Should().Be(e.Total, region);
        actual.GetProperty("demonstration").GetInt32().Should().Be(e.Demo, region);
        actual.GetProperty("foundation").GetInt32().Should().Be(e.Found, region);
        actual.GetProperty("demonstrationShare").GetDecimal().Should().Be(Math.Round((decimal)e.Demo / e.Total, 4, MidpointRounding.AwayFromZero), region);
        actual.GetProperty("foundationShare").GetDecimal().Should().Be(Math.Round((decimal)e.Found / e.Total, 4, MidpointRounding.AwayFromZero), region);
        actual.GetProperty("movedUpFromFoundation").GetInt32().Should().Be(e.UpFromFoundation, region);
        actual.GetProperty("movedUpFromExcellence").GetInt32().Should().Be(e.UpFromExcellence, region);

        var met = row.GetProperty("met");
        var named = row.GetProperty("targets");
        foreach (var (name, target) in targets)
        {
            named.GetProperty(name).GetDecimal().Should().Be(target);
            bool expected = name switch
            {
                "demonstrationShare" => (decimal)e.Demo / e.Total >= target,
                "foundationShareMax" => (decimal)e.Found / e.Total <= target,
                "movedUpFromFoundation" => e.UpFromFoundation >= target,
                _ => e.UpFromExcellence >= target,
            };
            met.GetProperty(name).GetBoolean().Should().Be(expected, $"{region} {name}");
        }
        foreach (var unnamed in new[] { "demonstrationShare", "foundationShareMax", "movedUpFromFoundation", "movedUpFromExcellence" }.Except(targets.Keys))
            met.GetProperty(unnamed).ValueKind.Should().Be(JsonValueKind.Null, $"{region} names no {unnamed}");
    }

    [Fact]
    public async Task The_targets_report_shows_projected_figures_before_publishing_and_final_ones_after()
    {
        using var admin = await host.AdminAsync();
        var csv = new System.Text.StringBuilder("code,name,level,parentCode\n");
        csv.Append($"{ProvinceCode},测试省,province,\n{CityA},甲市,city,{ProvinceCode}\n{CityB},乙市,city,{ProvinceCode}\n");
        foreach (var c in Counties)
        {
            csv.Append($"{c},{c[2..6]}县,county,{c[..4]}00000000\n{c[..6]}101000,{c[2..6]}镇,township,{c}\n");
            foreach (var v in Villages.Where(v => v.StartsWith(c[..6], StringComparison.Ordinal))) csv.Append($"{v},{v[^4..]}村,village,{c[..6]}101000\n");
        }
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv.ToString()))).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var (user, role, region) in new[] { ("prov", "province", ProvinceCode), ("citya", "city", CityA), ("countya", "county", Counties[0]) })
            (await admin.PostAsJsonAsync("/api/users", new { username = user, password = Password, role, regionCode = region })).StatusCode.Should().Be(HttpStatusCode.Created);
        using var prov = await host.ClientAsAsync("prov", Password);
        using var city = await host.ClientAsAsync("citya", Password);
        using var county = await host.ClientAsAsync("countya", Password);

        // The first cycle: village 1 of each county full marks, 2 middling, 3 nothing; published as proposed.
        Dictionary<string, object>[] first = [Cycles.FullMarks, Middling, Nothing];
        var c1 = await CycleAsync(admin, prov, i => first[i % 3]);
        (await prov.PostAsJsonAsync($"/api/cycles/{c1}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        await Cycles.PublishAsync(prov, c1);
        var previous = Enumerable.Range(0, Villages.Length).Select(i => Propose(null, ScoreOf(first[i % 3]), false)).ToList();

        // The second: 1 nothing, 2 and 3 full marks; all approved but the third county's village 2, rejected (it keeps its tier).
        Dictionary<string, object>[] second = [Nothing, Cycles.FullMarks, Cycles.FullMarks];
        var c2 = await CycleAsync(admin, prov, i => second[i % 3]);
        var proposed = Enumerable.Range(0, Villages.Length).Select(i => Propose(previous[i], ScoreOf(second[i % 3]), false)).ToList();
        var rejected = Array.IndexOf(Villages, $"{Counties[2][..6]}101202");
        (await prov.PostAsJsonAsync($"/api/cycles/{c2}/movements/{Villages[rejected]}/decision", new { decision = "reject" })).EnsureSuccessStatusCode();
        (await prov.PostAsJsonAsync($"/api/cycles/{c2}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        var final = proposed.Select((t, i) => i == rejected ? previous[i] : t).ToList();

        // Who sets what, and what a target may say.
        Dictionary<string, decimal> provinceTargets = new() { ["demonstrationShare"] = 0.5m, ["foundationShareMax"] = 0.4m, ["movedUpFromFoundation"] = 3, ["movedUpFromExcellence"] = 3 };
        Dictionary<string, decimal> cityTargets = new() { ["demonstrationShare"] = 0.5m };
        Dictionary<string, decimal> countyTargets = new() { ["movedUpFromFoundation"] = 1, ["foundationShareMax"] = 0.3333m };
        (await (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{ProvinceCode}", provinceTargets)).ShouldBeOkAsync()).GetProperty("targets").GetProperty("movedUpFromExcellence").GetDecimal().Should().Be(3);
        (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{CityA}", cityTargets)).EnsureSuccessStatusCode();
        (await city.PutAsJsonAsync($"/api/cycles/{c2}/targets/{Counties[0]}", countyTargets)).EnsureSuccessStatusCode();
        await (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{Counties[1]}", countyTargets)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await city.PutAsJsonAsync($"/api/cycles/{c2}/targets/{Counties[2]}", countyTargets)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await city.PutAsJsonAsync($"/api/cycles/{c2}/targets/{CityA}", cityTargets)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await county.PutAsJsonAsync($"/api/cycles/{c2}/targets/{Counties[0]}", countyTargets)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var invalid = await (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{CityB}", new { demonstrationShare = 1.5, movedUpFromFoundation = 2.5 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        invalid.Errors.Select(e => e.Field).Should().BeEquivalentTo(["demonstrationShare", "movedUpFromFoundation"]);
        await (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{CityB}", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{CityB}", new { foundationShareMax = -0.1 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Projected: the province and the city with targets (乙市 has none); the city and its county with targets.
        foreach (var projected in new[] { true, false })
        {
            var report = await (await prov.GetAsync($"/api/reports/targets?cycle={c2}&region={ProvinceCode}")).ShouldBeOkAsync();
            report.GetProperty("projected").GetBoolean().Should().Be(projected);
            var rows = report.GetProperty("rows").EnumerateArray().ToList();
            rows.Select(r => r.GetProperty("region").GetString()).Should().Equal(ProvinceCode, CityA);
            ShouldMatch(rows[0], ProvinceCode, previous, final, provinceTargets);
            ShouldMatch(rows[1], CityA, previous, final, cityTargets);

            var cityReport = await (await city.GetAsync($"/api/reports/targets?cycle={c2}&region={CityA}")).ShouldBeOkAsync();
            var cityRows = cityReport.GetProperty("rows").EnumerateArray().ToList();
            cityRows.Select(r => r.GetProperty("region").GetString()).Should().Equal(CityA, Counties[0]);
            ShouldMatch(cityRows[1], Counties[0], previous, final, countyTargets);
            await (await city.GetAsync($"/api/reports/targets?cycle={c2}&region={CityB}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

            if (projected)
            {
                var table = await prov.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/reports/targets?cycle={c2}&region={ProvinceCode}") { Headers = { { "Accept", "text/csv" } } });
                table.StatusCode.Should().Be(HttpStatusCode.OK);
                var lines = (await table.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                lines[0].Should().StartWith("region,name,projected,total,demonstrationShareTarget,demonstrationShare,demonstrationShareMet");
                lines.Should().HaveCount(3);
                lines[1].Should().StartWith($"{ProvinceCode},测试省,true,{Villages.Length},0.5,");
                var xlsx = await prov.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/reports/targets?cycle={c2}&region={ProvinceCode}")
                    { Headers = { { "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } } });
                xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                using var zip = new System.IO.Compression.ZipArchive(await xlsx.Content.ReadAsStreamAsync());
                zip.GetEntry("xl/worksheets/sheet1.xml").Should().NotBeNull();
                await Cycles.PublishAsync(prov, c2);
            }
        }
        await (await prov.PutAsJsonAsync($"/api/cycles/{c2}/targets/{ProvinceCode}", provinceTargets)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
