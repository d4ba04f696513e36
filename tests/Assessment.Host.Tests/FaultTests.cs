using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Assessment.Abstractions.Villages;
using Assessment.Generator;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Host.Tests;

/// <summary>
/// Faults survived (bench.md's province in small): a silo killed (SIGKILL) during an import and during
/// publish, and the storage gone for a few seconds. Every acknowledged write is there afterwards, no
/// village is published twice or left out, and requests during the outage get a clear 503.
/// </summary>
public class FaultTests
{
    private static readonly Dictionary<string, string> OneCountyAtATime = new() { ["Assessment:FanOut:Width"] = "1" };

    [Fact]
    public async Task Killing_a_silo_during_imports_loses_no_acknowledged_file_and_leaves_no_half_file()
    {
        var province = ProvinceGenerator.Generate(1200, seed: 3, new ProvinceShape(Cities: 2, Counties: 24, Townships: 48));
        await using var first = new TestHost();
        using var admin = await first.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(province.RegionCsv()))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsJsonAsync("/api/cycles", new { id = "2022" })).StatusCode.Should().Be(HttpStatusCode.Created);
        await using var second = new ProcessHost(first, []);
        await second.StartAsync();
        using var viaSecond = await second.ClientAsAsync("admin", TestHost.AdminPassword);

        // Uploads through the second silo, two at a time; it is killed once a few have been acknowledged.
        var files = province.IndicatorFiles(0).ToList();
        var acknowledged = new HashSet<string>();
        var killed = false;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (file, _) =>
        {
            if (Volatile.Read(ref killed)) return;
            try
            {
                var response = await viaSecond.PostAsync("/api/cycles/2022/indicators:import", Cycles.Csv(file.Csv));
                if (response.StatusCode == HttpStatusCode.OK) lock (acknowledged) acknowledged.Add(file.County);
            }
            catch (HttpRequestException) { } // the silo died under this request: not acknowledged
            lock (acknowledged)
            {
                if (acknowledged.Count >= 6 && !killed)
                {
                    killed = true;
                    second.KillAsync().GetAwaiter().GetResult();
                }
            }
        });
        killed.Should().BeTrue();
        acknowledged.Should().HaveCountGreaterThanOrEqualTo(6).And.HaveCountLessThan(files.Count);

        // Every acknowledged file is whole; any other county has all of its file or none of it.
        var expected = files.ToDictionary(f => f.County, f => f.Csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        var entered = await EnteredByCountyAsync(admin, province.Code);
        foreach (var county in files.Select(f => f.County))
        {
            if (acknowledged.Contains(county)) entered[county].Should().Be(expected[county], $"{county}'s upload was acknowledged");
            else entered[county].Should().BeOneOf([0, expected[county]], $"{county}'s upload is all or nothing");
        }

        // What was not acknowledged is sent again, through the survivor, and everything is complete.
        foreach (var file in files.Where(f => !acknowledged.Contains(f.County)))
            (await admin.PostAsync("/api/cycles/2022/indicators:import", Cycles.Csv(file.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
        entered = await EnteredByCountyAsync(admin, province.Code);
        entered.Should().Equal(expected);
    }

    [Fact]
    public async Task Killing_a_silo_during_publish_still_publishes_every_village_once()
    {
        // Many small counties, one at a time: publishing takes long enough for the kill to land in it.
        var province = ProvinceGenerator.Generate(2400, seed: 4, new ProvinceShape(Cities: 4, Counties: 120, Townships: 120));
        await using var first = new TestHost(OneCountyAtATime);
        using var admin = await first.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(province.RegionCsv()))).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var second = new ProcessHost(first, new() { ["Assessment__FanOut__Width"] = "1" });
        await second.StartAsync();
        (await admin.PostAsJsonAsync("/api/cycles", new { id = "2022" })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (_, csv) in province.IndicatorFiles(0))
            (await admin.PostAsync("/api/cycles/2022/indicators:import", Cycles.Csv(csv))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync("/api/cycles/2022/freeze", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Cycles.ComputeAsync(admin, "2022");
        (await admin.PostAsJsonAsync("/api/cycles/2022/movements:decide", new { decision = "approve" })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var viaSecond = await second.ClientAsAsync("admin", TestHost.AdminPassword);
        var publishing = viaSecond.PostAsync("/api/cycles/2022/publish", null);
        await WaitUntilAsync(async () => (await (await admin.GetAsync("/api/cycles/2022")).ShouldBeOkAsync()).GetProperty("work").GetString() == "publishing", poll: 5);
        (await (await admin.GetAsync("/api/cycles/2022")).ShouldBeOkAsync()).GetProperty("phase").GetString()
            .Should().Be("Computed", "the kill must land while publishing is under way");
        await second.KillAsync();
        try { await publishing; } catch (HttpRequestException) { } // its silo is gone

        await Cycles.WaitForPhaseAsync(admin, "2022", "Published", TimeSpan.FromSeconds(120));
        var distribution = await (await admin.GetAsync($"/api/reports/distribution?cycle=2022&region={province.Code}")).ShouldBeOkAsync();
        distribution.GetProperty("total").GetInt32().Should().Be(province.Villages.Count, "every village is published, none twice");
        foreach (var village in province.Villages.Where((_, i) => i % 10 == 0))
        {
            var v = await (await admin.GetAsync($"/api/villages/{village.Code}")).ShouldBeOkAsync();
            v.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("cycle").GetString()).Should().Equal(["2022"], village.Code);
        }
    }

    [Fact]
    public async Task After_a_county_grain_s_silo_dies_its_villages_read_through_the_survivor_see_each_later_change()
    {
        // A village grain keeps its slice and is told of changes by its county grain. Here county grains live on the
        // second silo (the region file goes through it, so they are asked there first) and the village grains on the first
        // (placed where they are first asked, and read through the first).
        var province = ProvinceGenerator.Generate(480, seed: 5, new ProvinceShape(Cities: 2, Counties: 12, Townships: 24));
        await using var first = new TestHost();
        using var admin = await first.AdminAsync();
        await using var second = new ProcessHost(first, []);
        await second.StartAsync();
        using var viaSecond = await second.ClientAsAsync("admin", TestHost.AdminPassword);
        (await viaSecond.PostAsync("/api/regions:import", Province.CsvContent(province.RegionCsv()))).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var village in province.Villages)
            (await (await admin.GetAsync($"/api/villages/{village.Code}")).ShouldBeOkAsync()).GetProperty("members").GetInt32().Should().Be(village.Members);

        var grains = first.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var here = first.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var countiesThere = new HashSet<string>();
        foreach (var county in province.Villages.Select(v => v.County).Distinct())
            if (await management.GetActivationAddress(grains.GetGrain<ICountyGrain>(county)) is { } silo && !silo.Equals(here)) countiesThere.Add(county);
        var atRisk = new List<GeneratedVillage>();
        foreach (var village in province.Villages.Where(v => countiesThere.Contains(v.County)))
            if (here.Equals(await management.GetActivationAddress(grains.GetGrain<IVillageGrain>(village.Code)))) atRisk.Add(village);
        atRisk.Should().NotBeEmpty("the case under test: village grains on this silo, their county grains on the one that dies");

        await second.KillAsync();
        // Every village gets one more member; the file is sent again until the dead silo's county grains live here.
        var moreMembers = string.Join('\n', province.RegionCsv().Split('\n').Select(line =>
            line.Split(',') is [.., var secretary, var members] && secretary != "" && int.TryParse(members, out var n) ? line[..^members.Length] + (n + 1) : line));
        await WaitUntilAsync(async () =>
        {
            try { return (await admin.PostAsync("/api/regions:import", Province.CsvContent(moreMembers))).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, poll: 500);

        foreach (var village in atRisk)
            (await (await admin.GetAsync($"/api/villages/{village.Code}")).ShouldBeOkAsync()).GetProperty("members").GetInt32()
                .Should().Be(village.Members + 1, $"{village.Code} was told nothing by its county's new activation, and must ask it");
    }

    [Fact]
    public async Task While_storage_is_down_requests_get_503_quickly_and_acknowledged_writes_survive()
    {
        await using var storage = new StorageProxy();
        await using var host = new TestHost(new Dictionary<string, string> { ["Assessment:Storage:ConnectionString"] = storage.ConnectionString });
        using var admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsJsonAsync("/api/cycles", new { id = "2022", province = Province.Code })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/cycles/2022/villages/{Province.VillageA}/indicators", new { values = new { new_members = 1 } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        storage.Cut();
        var clock = Stopwatch.StartNew();
        var during = await admin.PostAsJsonAsync($"/api/cycles/2022/villages/{Province.VillageA}/indicators", new { values = new { new_members = 2 } });
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "an outage is answered, not waited out");
        await during.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        (await admin.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        storage.Restore();
        await WaitUntilAsync(async () => (await admin.GetAsync("/health")).StatusCode == HttpStatusCode.OK);
        (await admin.PostAsJsonAsync($"/api/cycles/2022/villages/{Province.VillageA}/indicators", new { values = new { new_members = 3 } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var ledger = await Cycles.LedgerAsync(admin, Province.VillageA, "2022");
        ledger.Select(e => e.GetProperty("value").GetRawText()).Should().Equal(["1", "3"], "the acknowledged writes, and not the refused one");
    }

    private static async Task<Dictionary<string, int>> EnteredByCountyAsync(HttpClient client, string province)
    {
        var result = new Dictionary<string, int>();
        await WaitUntilAsync(async () =>
        {
            var response = await client.GetAsync($"/api/reports/completeness?cycle=2022&region={province}");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) return false; // a grain of the dead silo not yet moved
            var report = await response.ShouldBeOkAsync();
            foreach (var c in report.GetProperty("children").EnumerateArray()) result[c.GetProperty("region").GetString()!] = c.GetProperty("entered").GetInt32();
            return true;
        });
        return result;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int poll = 100)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold within 90 s");
            await Task.Delay(poll);
        }
    }
}
