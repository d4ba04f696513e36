using System.Net;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;

namespace Assessment.Host.Tests;

public class ClusterTests
{
    [Fact]
    public async Task A_second_host_with_other_ports_joins_the_same_cluster_and_serves_the_same_data()
    {
        await using var first = new TestHost();
        using var admin = await first.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var second = first.Sibling();
        using var other = await second.AdminAsync();
        var village = await (await other.GetAsync($"/api/villages/{Province.VillageA}")).ShouldBeOkAsync();
        village.GetProperty("name").GetString().Should().Be("大街村");

        var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var silos = await management.GetHosts(onlyActive: true);
        silos.Should().HaveCount(2, "both hosts' silos are active members of one cluster");
    }
}
