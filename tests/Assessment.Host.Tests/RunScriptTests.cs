using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// tools/run as README's first command starts it (Azurite on disk), stopped every way a service stops: its host
/// dying (kill -9), Ctrl-C (SIGINT to the whole process group) and SIGTERM to the script (a service manager).
/// Each way keeps every acknowledged write; Ctrl-C and SIGTERM bring every process down within 10 s, quietly.
/// </summary>
public class RunScriptTests
{
    private const string County = "county";
    private const string CountyPassword = "password-123";
    private const string Cycle = "2024";

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_of_the_host_and_tools_run_then_exits_by_itself()
    {
        await using var run = new RunScript();
        await run.StartAsync();
        await WriteRegionsUserAndCycleAsync(run);
        var villages = Province.Villages.Where(v => v.StartsWith(Province.CountyA[..6], StringComparison.Ordinal)).ToList();
        var csv = new StringBuilder("village,indicator,value,note\n");
        foreach (var v in villages) csv.Append($"{v},collective_income,41.5,光伏收益\n");
        using (var county = await run.ClientAsAsync(County, CountyPassword))
        {
            await (await county.PostAsync($"/api/cycles/{Cycle}/indicators:import", Cycles.Csv(csv.ToString()))).ShouldBeOkAsync();
            await WriteFormEntryAsync(county);
        }
        var azurite = run.AzuritePid() ?? throw new InvalidOperationException("tools/run started no Azurite");
        var blob = run.AzuriteBlobPid() ?? throw new InvalidOperationException("tools/run started no Azurite blob service");
        RunScript.Signal(run.HostPid(), RunScript.SigKill); // right after the last acknowledgement

        (await run.WaitForExitAsync(TimeSpan.FromSeconds(20))).Should().BeTrue($"tools/run ends when its host dies:\n{run.Output}");
        run.ExitCode.Should().Be(137, "tools/run passes on how its host ended");
        (await RunScript.WaitUntilGoneAsync(TimeSpan.FromSeconds(5), azurite, blob)).Should().NotBeNull("tools/run stops the Azurite it started");

        await run.StartAsync(); // same data folder, ports and cluster
        using var again = await run.ClientAsAsync(County, CountyPassword); // the user
        await (await again.GetAsync($"/api/cycles/{Cycle}")).ShouldBeOkAsync(); // the cycle
        (await (await again.GetAsync($"/api/villages/{Province.VillageA}")).ShouldBeOkAsync())
            .GetProperty("name").GetString().Should().Be("大街村"); // the region import
        foreach (var v in villages)
        {
            var ledger = await Cycles.LedgerAsync(again, v, Cycle);
            (string?, string)[] expected = v == Province.VillageA
                ? [("collective_income", "41.5"), ("new_members", "2")] // the import, then the form entry
                : [("collective_income", "41.5")];
            ledger.Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("value").GetRawText()))
                .Should().Equal(expected, $"village {v}");
        }
    }

    [Fact]
    public Task Ctrl_C_stops_every_process_within_10_s_without_a_stack_trace_and_keeps_the_last_write() =>
        StopsQuietlyAndKeepsTheLastWriteAsync(run => RunScript.Signal(-run.Pid, RunScript.SigInt), exitCode: 130);

    [Fact]
    public Task SIGTERM_to_tools_run_stops_every_process_within_10_s_without_a_stack_trace_and_keeps_the_last_write() =>
        StopsQuietlyAndKeepsTheLastWriteAsync(run => RunScript.Signal(run.Pid, RunScript.SigTerm), exitCode: 143);

    private static async Task StopsQuietlyAndKeepsTheLastWriteAsync(Action<RunScript> stop, int exitCode)
    {
        await using var run = new RunScript();
        await run.StartAsync();
        await WriteRegionsUserAndCycleAsync(run);
        using (var county = await run.ClientAsAsync(County, CountyPassword))
        {
            await WriteFormEntryAsync(county);
        }
        int[] pids = [run.Pid, run.HostPid(), run.AzuritePid() ?? throw new InvalidOperationException("tools/run started no Azurite")];
        stop(run); // right after the last acknowledgement

        var took = await RunScript.WaitUntilGoneAsync(TimeSpan.FromSeconds(10), pids);
        took.Should().NotBeNull($"tools/run, its host and its Azurite ({string.Join(", ", pids)}) all end within 10 s:\n{run.Output}");
        TestContext.Current.TestOutputHelper?.WriteLine($"every process gone {took!.Value.TotalSeconds:F2} s after the signal");
        (await run.WaitForExitAsync(TimeSpan.FromSeconds(5))).Should().BeTrue();
        run.ExitCode.Should().Be(exitCode);
        var output = run.Output;
        output.Should().NotContain("Exception");
        output.Split('\n').Where(line => Regex.IsMatch(line, @"^\s+at ")).Should().BeEmpty("no stack trace:\n" + output);

        await run.StartAsync();
        using var again = await run.ClientAsAsync(County, CountyPassword);
        var ledger = await Cycles.LedgerAsync(again, Province.VillageA, Cycle);
        ledger.Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("value").GetRawText()))
            .Should().Equal(("new_members", "2"));
    }

    private static async Task WriteRegionsUserAndCycleAsync(RunScript run)
    {
        using var admin = await run.ClientAsAsync("admin", "admin"); // the Development default
        await (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).ShouldBeOkAsync();
        await (await admin.PostAsJsonAsync("/api/users", new { username = County, password = CountyPassword, role = "county", regionCode = Province.CountyA }))
            .ShouldBeOkAsync(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/cycles", new { id = Cycle })).ShouldBeOkAsync(HttpStatusCode.Created);
    }

    private static async Task WriteFormEntryAsync(HttpClient county) =>
        await (await county.PostAsJsonAsync($"/api/cycles/{Cycle}/villages/{Province.VillageA}/indicators", new { values = new { new_members = 2 } }))
            .ShouldBeOkAsync();
}
