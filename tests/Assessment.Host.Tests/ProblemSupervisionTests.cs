using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.Abstractions.Problems;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using static Assessment.Host.Tests.Infrastructure.ProblemsFixture;

namespace Assessment.Host.Tests;

/// <summary>
/// Supervision (督办): overdue judged in Asia/Shanghai on the service's clock, the daily reminder's
/// record, the overdue lists at every level, and the rectification and responsibility reports.
/// Time is a fake clock moved by the test (it starts at 23:59 on 2024-06-30 in Shanghai).
/// </summary>
public class ProblemSupervisionTests
{
    [Fact]
    public async Task A_problem_becomes_overdue_at_midnight_in_Shanghai_after_its_deadline_and_the_daily_reminder_records_it()
    {
        await using var service = new ProblemsFixture();
        await service.InitializeAsync();
        var county = await service.ClientAsAsync("county");
        var dueToday = await RecordAsync(county, Province.VillageA, NewProblem(deadline: "2024-06-30"));
        var dueTomorrow = await RecordAsync(county, Province.VillageA, NewProblem(deadline: "2024-07-01", severity: "minor"));
        var verified = await RecordAsync(county, "370322103201", NewProblem(deadline: "2024-06-30"));
        (await county.PostAsJsonAsync($"/api/problems/{verified}/rectify", new { evidence = "已整改" })).EnsureSuccessStatusCode();
        (await county.PostAsJsonAsync($"/api/problems/{verified}/verify", new { note = "合格" })).EnsureSuccessStatusCode();
        var late = await RecordAsync(county, "370322103201", NewProblem(deadline: "2024-05-31")); // written down after its deadline

        // 23:59:59 on the deadline in Shanghai (15:59:59Z): not overdue yet, except the one recorded late.
        service.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 30, 15, 59, 59, TimeSpan.Zero));
        (await OverdueAsync(county, Province.CountyA)).Should().Equal(late);
        (await GetAsync(county, dueToday)).GetProperty("overdue").GetBoolean().Should().BeFalse();

        // 00:00 on 2024-07-01 in Shanghai: overdue on the county's, city's and province's lists.
        service.Clock.Advance(TimeSpan.FromSeconds(1));
        (await GetAsync(county, dueToday)).GetProperty("overdue").GetBoolean().Should().BeTrue();
        using var city = await service.ClientAsAsync("city");
        using var prov = await service.ClientAsAsync("prov");
        (await OverdueAsync(county, Province.CountyA)).Should().Equal(dueToday, late);
        (await OverdueAsync(city, Province.CityA)).Should().Equal(dueToday, late);
        (await OverdueAsync(prov, Province.Code)).Should().Equal(dueToday, late);
        var villageList = await (await county.GetAsync($"/api/villages/{Province.VillageA}/problems")).ShouldBeOkAsync();
        villageList.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("overdue").GetBoolean()))
            .Should().Equal((dueToday, true), (dueTomorrow, false));

        // The daily reminder is stored with Orleans' reminders, so it fires whether or not anyone asks.
        var reminders = new Azure.Data.Tables.TableClient(TestStorage.ConnectionString, service.Host.Prefix + "OrleansReminders");
        var rows = reminders.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: TestContext.Current.CancellationToken);
        var names = new List<string?>();
        await foreach (var row in rows) names.Add(row.GetString("ReminderName"));
        names.Should().Contain("overdue");

        // What the reminder does each day, driven here on the fake clock: note what became overdue, once.
        var grain = service.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICountyProblemsGrain>(Province.CountyA);
        (await grain.NoteOverdueAsync()).Should().Be(2);
        (await grain.NoteOverdueAsync()).Should().Be(0);
        (await GetAsync(county, dueToday)).GetProperty("overdueNoted").GetString().Should().Be("2024-07-01");
        (await GetAsync(county, verified)).TryGetProperty("overdueNoted", out var none).Should().BeTrue();
        none.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        // A day later the reminder itself fires (Orleans runs it on the service's clock, here the fake one,
        // at 00:01 in Shanghai) and notes the next one without anyone calling: the grain's log line is the event waited for.
        var fired = service.Logs.NextAsync(line => line.Contains("became overdue by 2024-07-02"), TimeSpan.FromSeconds(20));
        service.Clock.Advance(TimeSpan.FromDays(1));
        (await fired).Should().Contain(dueTomorrow);
        county = await service.ClientAsAsync("county");
        (await GetAsync(county, dueTomorrow)).GetProperty("overdueNoted").GetString().Should().Be("2024-07-02");
        (await grain.NoteOverdueAsync()).Should().Be(0);
        (await OverdueAsync(county, Province.CountyA)).Should().Equal(dueToday, dueTomorrow, late);
        county.Dispose();
    }

    [Fact]
    public async Task The_rectification_report_counts_by_county_and_township_and_the_responsibility_list_orders_by_deadline()
    {
        await using var service = new ProblemsFixture();
        await service.InitializeAsync();
        using var county = await service.ClientAsAsync("county");
        using var countyB = await service.ClientAsAsync("countyb");
        var a1 = await RecordAsync(county, Province.VillageA, NewProblem(deadline: "2024-06-01"));             // open, overdue
        var a2 = await RecordAsync(county, "370322103201", NewProblem(deadline: "2024-09-30", severity: "minor")); // rectified
        (await county.PostAsJsonAsync($"/api/problems/{a2}/rectify", new { evidence = "已整改" })).EnsureSuccessStatusCode();
        var a3 = await RecordAsync(county, "370322103201", NewProblem(deadline: "2024-05-01"));                // verified
        (await county.PostAsJsonAsync($"/api/problems/{a3}/rectify", new { evidence = "已整改" })).EnsureSuccessStatusCode();
        (await county.PostAsJsonAsync($"/api/problems/{a3}/verify", new { note = "合格" })).EnsureSuccessStatusCode();
        var b1 = await RecordAsync(countyB, Province.VillageB, NewProblem(deadline: "2024-08-15"));            // open

        using var city = await service.ClientAsAsync("city");
        var report = await (await city.GetAsync($"/api/reports/rectification?region={Province.CityA}")).ShouldBeOkAsync();
        report.GetProperty("region").GetString().Should().Be(Province.CityA);
        Rows(report).Should().Equal(
            (Province.CountyA, "高青县", 1, 1, 1, 1),
            (Province.CountyB, "沂源县", 1, 0, 0, 0));
        var byTownship = await (await county.GetAsync($"/api/reports/rectification?region={Province.CountyA}")).ShouldBeOkAsync();
        Rows(byTownship).Should().Equal(
            (Province.TownshipA, "田镇街道", 1, 1, 0, 0),
            ("370322103000", "青城镇", 0, 0, 1, 1));

        var list = await (await city.GetAsync($"/api/reports/responsibility?region={Province.CityA}")).ShouldBeOkAsync();
        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("problem").GetString()).Should().Equal(a3, a1, b1, a2); // by deadline
        items[1].GetProperty("name").GetString().Should().Be("大街村");
        items[1].GetProperty("responsible").GetString().Should().Be("王建国");
        items[1].GetProperty("overdue").GetBoolean().Should().BeTrue();
        var open = await (await city.GetAsync($"/api/reports/responsibility?region={Province.CityA}&status=open")).ShouldBeOkAsync();
        open.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("problem").GetString()).Should().Equal(a1, b1);

        var csv = await city.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/reports/responsibility?region={Province.CityA}") { Headers = { { "Accept", "text/csv" } } });
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        text.Should().StartWith("\uFEFFvillage,name,problem,category");
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5);
        await (await countyB.GetAsync($"/api/reports/rectification?region={Province.CityA}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    private static IEnumerable<(string?, string?, int, int, int, int)> Rows(System.Text.Json.JsonElement report) =>
        report.GetProperty("children").EnumerateArray().Select(c => (c.GetProperty("region").GetString(), c.GetProperty("name").GetString(),
            c.GetProperty("open").GetInt32(), c.GetProperty("overdue").GetInt32(), c.GetProperty("rectified").GetInt32(), c.GetProperty("verified").GetInt32()));

    private static async Task<List<string?>> OverdueAsync(HttpClient client, string region)
    {
        var page = await (await client.GetAsync($"/api/problems?region={region}&overdue=true")).ShouldBeOkAsync();
        return page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
    }
}
