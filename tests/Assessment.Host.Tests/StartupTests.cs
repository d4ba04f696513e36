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
        environment.TryAdd("Assessment__Silo__Port", TestStorage.FreePort().ToString());
        environment.TryAdd("Assessment__Silo__GatewayPort", TestStorage.FreePort().ToString());
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

    [Theory]
    [InlineData("Assessment__Silo__Port", "70000", "Assessment:Silo:Port is 70000; it must be a port from 1 to 65535: set Assessment__Silo__Port")]
    [InlineData("Assessment__FanOut__Width", "0", "Assessment:FanOut:Width is 0; it must be from 1 to 256: set Assessment__FanOut__Width")]
    [InlineData("Assessment__FanOut__Width", "eight", "Assessment:FanOut:Width")]
    [InlineData("Assessment__Storage__ConnectionString", "not a connection string", "Assessment:Storage:ConnectionString is not a storage connection string")]
    [InlineData("Assessment__Jwt__SigningKey", "short", "Assessment:Jwt:SigningKey is shorter than 32 characters")]
    public async Task A_bad_setting_stops_start_up_with_one_line_naming_what_to_set(string variable, string value, string expected)
    {
        var (exit, output, _) = await RunHostAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Assessment__Admin__Password"] = "admin-secret-1",
            ["Assessment__Storage__ConnectionString"] = TestStorage.ConnectionString,
            [variable] = value,
        }, TimeSpan.FromSeconds(40));
        exit.Should().Be(2);
        output.Should().Contain("assessment: cannot start: ").And.Contain(expected);
        output.Should().NotContain("   at ", "the operator gets the reason, not a stack trace");
    }
}
