using System.Net;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

public class RestartTests
{
    [Fact]
    public async Task Regions_and_villages_read_back_unchanged_after_the_host_stops_and_starts_again()
    {
        var first = new TestHost();
        string Read(HttpClient c, string path) => c.GetStringAsync(path).GetAwaiter().GetResult();
        var paths = Province.Villages.Select(v => $"/api/villages/{v}")
            .Concat([$"/api/regions/{Province.Code}/children", $"/api/regions/{Province.TownshipA}", $"/api/regions/{Province.CountyA}/children"])
            .ToList();
        Dictionary<string, string> before;
        await using (first)
        {
            using var admin = await first.AdminAsync();
            (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
            before = paths.ToDictionary(p => p, p => Read(admin, p));
        }

        await using var second = first.Sibling();
        using var again = await second.AdminAsync();
        foreach (var path in paths)
        {
            Read(again, path).Should().Be(before[path], $"{path} must survive the restart");
        }
        before[$"/api/villages/{Province.VillageA}"].Should().Contain("大街村");
    }
}
