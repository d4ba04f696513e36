using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Assessment.Bench;

/// <summary>The service as a child process on the bench's Azurite: started, measured, killed (SIGKILL) and started again.</summary>
public sealed class HostProcess(string dll, string storage, string adminPassword) : IAsyncDisposable
{
    private readonly string prefix = "b" + Guid.NewGuid().ToString("N")[..8];
    private readonly string data = Directory.CreateTempSubdirectory("assessment-bench-data-").FullName;
    private readonly int port = FreePort(), siloPort = FreePort(), gatewayPort = FreePort();
    private Process? process;

    public string Url => $"http://127.0.0.1:{port}";
    public int? Pid => process?.Id;

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", Url]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Assessment__Admin__Password"] = adminPassword;
        start.Environment["Assessment__Storage__ConnectionString"] = storage;
        start.Environment["Assessment__Storage__TablePrefix"] = prefix;
        start.Environment["Assessment__Silo__ClusterId"] = prefix;
        start.Environment["Assessment__Silo__Port"] = siloPort.ToString();
        start.Environment["Assessment__Silo__GatewayPort"] = gatewayPort.ToString();
        start.Environment["Assessment__DataDirectory"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The runtime settings tools/run starts the service with (tools/lib.sh), for the host only, not for this client.
        foreach (var pair in (Environment.GetEnvironmentVariable("ASSESSMENT_HOST_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Split('=', 2) is [var name, var value]) start.Environment[name] = value;
        }
        process = Process.Start(start)!;
        // Should the bench itself be stopped (Ctrl-C, SIGTERM), the host goes with it.
        var started = process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { started.Kill(entireProcessTree: true); } catch (SystemException) { } };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitHealthyAsync(TimeSpan.FromSeconds(120));
    }

    public async Task WaitHealthyAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true }) throw new InvalidOperationException($"the host exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException("the host did not become healthy");
    }

    /// <summary>Peak resident set size (VmHWM) of the host process, in bytes.</summary>
    public long PeakRssBytes() => Status("VmHWM:");

    /// <summary>Resident set size (VmRSS) of the host process now, in bytes.</summary>
    public long RssBytes() => Status("VmRSS:");

    private long Status(string field)
    {
        if (process is null) return 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return 0;
    }

    public async Task KillAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
