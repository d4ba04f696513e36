using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.Logging;

namespace Assessment.Host.Tests;

/// <summary>
/// The log an operator reads in production: sign-ins, imports, computes and publishes at Information,
/// and not a line per request (the framework's request logging stays at Warning, as appsettings.json sets).
/// </summary>
public sealed class LoggingTests : IAsyncLifetime
{
    private readonly LogEvents logs = new();
    private readonly TestHost host;

    // The test hosts default to Warning; this one runs with the shipped Information default.
    public LoggingTests() => host = new TestHost(new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Information" }) { Logs = logs };

    [Fact]
    public async Task Production_logs_what_an_operator_wants_and_no_line_per_request()
    {
        using var admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).EnsureSuccessStatusCode();
        var cycle = await Cycles.CreateAsync(admin, new { province = Province.Code });
        (await admin.PostAsync($"/api/cycles/{cycle}/indicators:import", Cycles.Csv($"village,indicator,value\n{Province.VillageA},new_members,2\n"))).EnsureSuccessStatusCode();
        for (var i = 0; i < 20; i++) await admin.GetAsync($"/api/cycles/{cycle}");

        var information = logs.Lines.Where(l => l.Level == LogLevel.Information).ToList();
        information.Should().Contain(l => l.Message == "admin signed in as admin");
        information.Should().Contain(l => l.Message.Contains($"Cycle {cycle}: admin imported 1 values for 1 villages of county {Province.CountyA}"));
        logs.Lines.Should().NotContain(l => l.Category.StartsWith("Microsoft.AspNetCore") && l.Level < LogLevel.Warning, "requests are not logged one by one");
        information.Count.Should().BeLessThan(40, "twenty reads add nothing to the log");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
