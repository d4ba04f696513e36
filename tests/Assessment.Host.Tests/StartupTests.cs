using System.Diagnostics;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>The host as a separate process, the way an operator starts it.</summary>
public class StartupTests
{
    private static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunHostAsync(Dictionary<string, string> environment, TimeSpan limit)
    {
        environment["Assessment__DataDirectory"] = Directory.CreateTempSubdirectory("assessment-startup-").FullName;
        environment["Assessment__Silo__Port"] = TestStorage.FreePort().ToString();
        environment["Assessment__Silo__GatewayPort"] = TestStorage.FreePort().ToString();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(ProcessHost.StartInfo(new Uri($"http://127.0.0.1:{TestStorage.FreePort()}"), environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the host was still running after {limit.TotalSeconds} s");
        }
        return (process.ExitCode, await stdout + await stderr, clock.Elapsed);
    }

    [Fact]
    public async Task With_storage_unreachable_the_host_says_so_in_one_line_and_exits_within_30_seconds()
    {
        var closedPort = TestStorage.FreePort();
        var (exit, output, elapsed) = await RunHostAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Assessment__Admin__Password"] = "admin-secret-1",
            ["Assessment__Storage__ConnectionString"] = TestStorage.ConnectionString.Replace(
                Environment.GetEnvironmentVariable("ASSESSMENT_TEST_AZURITE_PORT")!, closedPort.ToString()),
        }, TimeSpan.FromSeconds(40));
        exit.Should().NotBe(0);
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        output.Should().MatchRegex($"cannot start: Table storage is not reachable at .*{closedPort}");
    }

    [Fact]
    public async Task Outside_development_the_host_refuses_to_start_without_an_admin_password()
    {
        var (exit, output, _) = await RunHostAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Assessment__Storage__ConnectionString"] = TestStorage.ConnectionString,
        }, TimeSpan.FromSeconds(40));
        exit.Should().NotBe(0);
        output.Should().Contain("no admin password is configured").And.Contain("Assessment__Admin__Password");
    }
}
