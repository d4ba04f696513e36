using System.Net;
using System.Net.Http.Json;
using Assessment.Generator;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// Two silos in one cluster; one is killed (SIGKILL) while the province is being computed. The
/// cycle still reaches Computed, with every village rated exactly once.
/// </summary>
public class ComputeFailoverTests
{
    [Fact]
    public async Task Killing_a_silo_during_compute_still_rates_every_village_once()
    {
        var province = ProvinceGenerator.Generate(2400, seed: 5, new ProvinceShape(Cities: 4, Counties: 48, Townships: 96));
        // One county at a time, so that the kill lands while counties are still to do.
        await using var first = new TestHost(new Dictionary<string, string> { ["Assessment:FanOut:Width"] = "1" });
        using var admin = await first.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(province.RegionCsv()))).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var second = new ProcessHost(first, new() { ["Assessment__FanOut__Width"] = "1" });
        await second.StartAsync();

        (await admin.PostAsJsonAsync("/api/cycles", new { id = "2022" })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (_, csv) in province.IndicatorFiles(0))
            (await admin.PostAsync("/api/cycles/2022/indicators:import", Cycles.Csv(csv))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync("/api/cycles/2022/freeze", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Start through the second silo, and kill it once some counties are done.
        using var viaSecond = await second.ClientAsAsync("admin", TestHost.AdminPassword);
        (await viaSecond.PostAsync("/api/cycles/2022/compute", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        while (true)
        {
            var view = await (await admin.GetAsync("/api/cycles/2022")).ShouldBeOkAsync();
            var computed = view.GetProperty("counts").GetProperty("computed").GetInt32();
            if (computed > 0)
            {
                view.GetProperty("phase").GetString().Should().Be("Frozen", "the kill must land while the compute is under way");
                computed.Should().BeLessThan(province.Villages.Count);
                break;
            }
            await Task.Delay(20);
        }
        await second.KillAsync();

        var done = await Cycles.WaitForPhaseAsync(admin, "2022", "Computed", TimeSpan.FromSeconds(120));
        done.GetProperty("counts").GetProperty("villages").GetInt32().Should().Be(province.Villages.Count);
        done.GetProperty("counts").GetProperty("computed").GetInt32().Should().Be(province.Villages.Count);

        // First ratings are all movements (initial): each village appears once, none is missing.
        var movements = await Cycles.AllMovementsAsync(admin, "2022", limit: 1000);
        movements.Select(m => m.GetProperty("village").GetString()).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(province.Villages.Select(v => v.Code));
        movements.Should().OnlyContain(m => m.GetProperty("direction").GetString() == "initial");
    }
}
