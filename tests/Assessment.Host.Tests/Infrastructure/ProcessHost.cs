using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// The host as its own process on the test Azurite, so that it can be killed (SIGKILL, no graceful
/// stop) and started again on the same tables and data folder.
/// </summary>
public sealed class ProcessHost : IAsyncDisposable
{
    public string Prefix { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; private set; } = null!;
    private Process? process;
    private readonly System.Text.StringBuilder log = new();

    private readonly int siloPort;
    private readonly int gatewayPort;
    private readonly string clusterId;
    private readonly Dictionary<string, string> settings = [];

    public ProcessHost()
    {
        Prefix = TestStorage.NewPrefix();
        DataDirectory = Directory.CreateTempSubdirectory("assessment-process-").FullName;
        siloPort = TestStorage.FreePort();
        gatewayPort = TestStorage.FreePort();
        clusterId = Prefix;
    }

    /// <summary>A host of its own with extra settings (environment names), which win over the defaults below.</summary>
    public ProcessHost(Dictionary<string, string> settings) : this() => this.settings = settings;

    /// <summary>What the host has written to standard output and error so far.</summary>
    public string Output
    {
        get { lock (log) return log.ToString(); }
    }

    /// <summary>A second silo of <paramref name="cluster"/>'s cluster, in its own process, with extra settings (environment names).</summary>
    public ProcessHost(TestHost cluster, Dictionary<string, string> settings)
    {
        Prefix = cluster.Prefix;
        DataDirectory = cluster.DataDirectory;
        clusterId = cluster.ClusterId;
        siloPort = TestStorage.FreePort();
        gatewayPort = TestStorage.FreePort();
        this.settings = settings;
    }

    private ProcessHost(ProcessHost before)
    {
        Prefix = before.Prefix;
        DataDirectory = before.DataDirectory;
        siloPort = before.siloPort;
        gatewayPort = before.gatewayPort;
        clusterId = before.clusterId;
        settings = before.settings;
    }

    /// <summary>The same host started again, as an operator would: same tables, data folder and silo ports.</summary>
    public ProcessHost Restarted() => new(this);

    public async Task StartAsync()
    {
        var port = TestStorage.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Assessment__Admin__Password"] = TestHost.AdminPassword,
            ["Assessment__Storage__ConnectionString"] = TestStorage.ConnectionString,
            ["Assessment__Storage__TablePrefix"] = Prefix,
            ["Assessment__Silo__ClusterId"] = clusterId,
            ["Assessment__Silo__Port"] = siloPort.ToString(),
            ["Assessment__Silo__GatewayPort"] = gatewayPort.ToString(),
            ["Assessment__DataDirectory"] = DataDirectory,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings) environment[name] = value;
        process = Process.Start(StartInfo(BaseAddress, environment))!;
        Started.Collect(process, log);
        await Started.HealthyAsync(process, BaseAddress, TimeSpan.FromSeconds(60), "the host", () => log.ToString());
    }

    /// <summary>How the built host is started as a process: the host's dll beside the tests, listening on <paramref name="url"/>.</summary>
    public static ProcessStartInfo StartInfo(Uri url, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Assessment.Host.dll"), "--urls", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    public async Task<HttpClient> ClientAsAsync(string username, string password)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { username, password })).Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private sealed record TokenBody(string AccessToken);
}
