using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

public class DurabilityTests
{
    [Fact]
    public async Task Every_row_of_an_acknowledged_import_survives_kill_9_of_the_host()
    {
        await using var host = new ProcessHost();
        await host.StartAsync();
        using (var admin = await host.ClientAsAsync("admin", TestHost.AdminPassword))
        {
            (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await admin.PostAsJsonAsync("/api/users", new { username = "county", password = "password-123", role = "county", regionCode = Province.CountyA })).StatusCode.Should().Be(HttpStatusCode.Created);
            (await admin.PostAsJsonAsync("/api/cycles", new { id = "2024" })).StatusCode.Should().Be(HttpStatusCode.Created);
        }
        var villages = Province.Villages.Where(v => v.StartsWith(Province.CountyA[..6], StringComparison.Ordinal)).ToList();
        var csv = new StringBuilder("village,indicator,value,note\n");
        foreach (var v in villages)
        {
            csv.Append($"{v},new_members,2,\n{v},collective_income,41.5,光伏收益\n{v},cooperative_led,是,\n");
        }

        using (var county = await host.ClientAsAsync("county", "password-123"))
        {
            var response = await county.PostAsync("/api/cycles/2024/indicators:import", Cycles.Csv(csv.ToString()));
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        await host.KillAsync(); // right after the acknowledgement

        await using var restarted = host.Restarted();
        await restarted.StartAsync();
        using var again = await restarted.ClientAsAsync("county", "password-123");
        foreach (var v in villages)
        {
            var ledger = await Cycles.LedgerAsync(again, v, "2024");
            ledger.Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("value").GetRawText()))
                .Should().Equal(("new_members", "2"), ("collective_income", "41.5"), ("cooperative_led", "true"));
            ledger[1].GetProperty("note").GetString().Should().Be("光伏收益");
        }
        var report = await (await again.GetAsync($"/api/reports/completeness?cycle=2024&region={Province.CountyA}")).ShouldBeOkAsync();
        report.GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("entered").GetInt32()).Should().Be(villages.Count * 3);
    }

    [Fact]
    public async Task A_cycle_freezes_at_closesAt_through_its_reminder_also_across_a_restart()
    {
        var first = new TestHost();
        string id;
        await using (first)
        {
            using var admin = await first.AdminAsync();
            id = await Cycles.CreateAsync(admin, new { closesAt = DateTimeOffset.UtcNow.AddSeconds(3) });
        }
        // Nobody asks the service in between: only the durable reminder can freeze the cycle.
        await using var second = first.Sibling();
        _ = second.Server; // start the silo
        var table = new Azure.Data.Tables.TableClient(TestStorage.ConnectionString, first.Prefix + "Grains");
        var deadline = DateTime.UtcNow.AddSeconds(150);
        string? data = null;
        while (DateTime.UtcNow < deadline)
        {
            data = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("cycle", id, cancellationToken: TestContext.Current.CancellationToken)).Value.GetString("Data");
            if (data.Contains("\"phase\":\"frozen\"")) break;
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
        data.Should().Contain("\"phase\":\"frozen\"").And.Contain("\"user\":\"schedule\"");
    }
}
