using System.Net;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>What an operator sees: counters moving at /metrics, liveness and readiness, the dashboard for admins only.</summary>
[Collection(ServiceCollection.Name)]
public class OperatorTests(ServiceFixture service)
{
    [Fact]
    public async Task Live_and_ready_answer_200_without_sign_in()
    {
        using var anonymous = service.Host.CreateClient();
        (await anonymous.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await anonymous.GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_dashboard_is_for_the_admin_only()
    {
        using var admin = await service.AdminAsync();
        using var county = await service.ClientAsAsync("county");
        using var anonymous = service.Host.CreateClient();
        (await admin.GetAsync("/dashboard/")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await county.GetAsync("/dashboard/")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.GetAsync("/dashboard/")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>
/// Counters at /metrics, on a host process of its own as in production. (In one test process, hosts
/// that stop take ASP.NET Core's request instruments of the same name out of every other host's export.)
/// </summary>
public sealed class MetricsTests
{
    private static double Sum(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Metrics_show_requests_grains_and_imported_values_moving_after_an_import()
    {
        await using var host = new ProcessHost();
        await host.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        using var admin = await host.ClientAsAsync("admin", TestHost.AdminPassword);
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).EnsureSuccessStatusCode();
        var before = await anonymous.GetStringAsync("/metrics");

        var cycle = await Cycles.CreateAsync(admin, new { province = Province.Code });
        (await admin.PostAsync($"/api/cycles/{cycle}/indicators:import",
            Cycles.Csv($"village,indicator,value\n{Province.VillageA},new_members,2\n{Province.VillageA},petitions,0\n"))).EnsureSuccessStatusCode();

        var after = await anonymous.GetStringAsync("/metrics");
        Sum(after, "assessment_values_imported_total").Should().Be(Sum(before, "assessment_values_imported_total") + 2);
        Sum(after, "http_server_request_duration_seconds_count").Should().BeGreaterThan(Sum(before, "http_server_request_duration_seconds_count"));
        after.Should().Contain("orleans_", "Orleans' own meters are exported");
    }
}
