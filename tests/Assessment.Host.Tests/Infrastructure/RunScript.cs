using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// The service as README's first command starts it: <c>tools/run</c>, with its own Azurite on disk under a
/// throw-away data folder, its own ports and cluster. <c>tools/run</c> leads a process group of its own, so that
/// a Ctrl-C (SIGINT to that whole group) can be sent to it; it can be started again on the same data.
/// </summary>
public sealed class RunScript : IAsyncDisposable
{
    public const int SigInt = 2, SigKill = 9, SigTerm = 15;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("assessment-run-").FullName;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{TestStorage.FreePort()}");
    public int StoragePort { get; } = TestStorage.FreePort();
    public int BlobPort { get; } = TestStorage.FreePort();
    private readonly int siloPort = TestStorage.FreePort();
    private readonly int gatewayPort = TestStorage.FreePort();
    private readonly string clusterId = TestStorage.NewPrefix();

    private Process? process;
    private readonly StringBuilder output = new();

    /// <summary>tools/run's process id; also its process group's.</summary>
    public int Pid => process!.Id;

    public bool HasExited => process!.HasExited;

    public int ExitCode => process!.ExitCode;

    /// <summary>What the current run printed (stdout and stderr: the script's lines and the host's log).</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Assessment.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException($"no Assessment.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Starts tools/run and waits for /health (tools/run builds the host first).</summary>
    public async Task StartAsync()
    {
        lock (output) output.Clear();
        // setsid: tools/run leads its own process group, as a foreground job of a terminal does. env resets SIGINT
        // to its default: a process started from a background job inherits SIGINT ignored, which bash cannot trap.
        var start = new ProcessStartInfo("setsid",
        [
            "env", "--default-signal=INT", Path.Combine(RepositoryRoot, "tools", "run"),
            "--data", DataDirectory, "--urls", BaseAddress.ToString().TrimEnd('/'), "--storage-port", StoragePort.ToString(),
            "--blob-port", BlobPort.ToString(),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Assessment__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Assessment__Silo__Port"] = siloPort.ToString();
        start.Environment["Assessment__Silo__GatewayPort"] = gatewayPort.ToString();
        start.Environment["Assessment__Silo__ClusterId"] = clusterId;

        process?.Dispose();
        process = Process.Start(start)!;
        Started.Collect(process, output);
        await Started.HealthyAsync(process, BaseAddress, TimeSpan.FromSeconds(180), "tools/run", () => Output);
    }

    /// <summary>The host: tools/run's child process that runs Assessment.Host.dll.</summary>
    public int HostPid() =>
        Processes().Single(p => p.ParentPid == Pid && p.CommandLine.Contains("Assessment.Host.dll", StringComparison.Ordinal)).Pid;

    /// <summary>The Azurite listening on this run's storage port (it runs in a session of its own).</summary>
    public int? AzuritePid() =>
        Processes().Where(p => p.CommandLine.Contains("azurite-table", StringComparison.Ordinal)
                && p.CommandLine.Contains($" --tablePort {StoragePort} ", StringComparison.Ordinal))
            .Select(p => (int?)p.Pid).FirstOrDefault();

    /// <summary>The Azurite blob service listening on this run's blob port (evidence files).</summary>
    public int? AzuriteBlobPid() =>
        Processes().Where(p => p.CommandLine.Contains("azurite-blob", StringComparison.Ordinal)
                && p.CommandLine.Contains($" --blobPort {BlobPort} ", StringComparison.Ordinal))
            .Select(p => (int?)p.Pid).FirstOrDefault();

    /// <summary>Whether a process runs: it exists and is not a zombie (exited, not yet waited for by its parent).</summary>
    public static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Polls (every 100 ms) until none of <paramref name="pids"/> runs; how long that took, or null at the deadline.</summary>
    public static async Task<TimeSpan?> WaitUntilGoneAsync(TimeSpan within, params int[] pids)
    {
        var clock = Stopwatch.StartNew();
        while (pids.Any(Running))
        {
            if (clock.Elapsed > within) return null;
            await Task.Delay(100);
        }
        return clock.Elapsed;
    }

    /// <summary>Waits for tools/run to exit and for the end of its output (bounded: a leftover may hold the pipe).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process!.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return process!.HasExited;
        }
    }

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public async Task<HttpClient> ClientAsAsync(string username, string password)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Kills whatever is left (the script's group, its host, its Azurite) and deletes the data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            var leftovers = Processes().Where(p => p.ParentPid == process.Id).Select(p => p.Pid).ToList();
            if (AzuritePid() is { } azurite) leftovers.Add(azurite);
            if (AzuriteBlobPid() is { } blob) leftovers.Add(blob);
            Kill(-process.Id, SigKill); // the script's process group
            foreach (var pid in leftovers) Kill(pid, SigKill);
            await WaitUntilGoneAsync(TimeSpan.FromSeconds(10), [process.Id, .. leftovers]);
            process.Dispose();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException) { }
    }

    private sealed record ProcessInfo(int Pid, int ParentPid, string CommandLine);

    /// <summary>Every process of the machine, from /proc: id, parent and command line (arguments joined by spaces).</summary>
    private static List<ProcessInfo> Processes()
    {
        var list = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                list.Add(new ProcessInfo(pid, parent, commandLine));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return list;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);

    private sealed record TokenBody(string AccessToken);
}
