using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// The real host (silo + API) in this process, on the real Azurite. Two hosts made with the same
/// <see cref="Prefix"/> see the same data, which is how a restart is tested.
/// </summary>
public sealed class TestHost : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-secret-1";

    public string Prefix { get; }
    public string DataDirectory { get; }
    public string ClusterId { get; }
    private readonly int siloPort = TestStorage.FreePort();
    private readonly int gatewayPort = TestStorage.FreePort();

    private readonly IReadOnlyDictionary<string, string> settings = new Dictionary<string, string>();

    /// <summary>A host with extra configuration (e.g. "Assessment:FanOut:Width").</summary>
    public TestHost(IReadOnlyDictionary<string, string> settings) : this() => this.settings = settings;

    /// <summary>
    /// The clock of the host and its grains when set (before the first request): deadlines, notices and
    /// overdue rules are tested by moving it, never by sleeping.
    /// </summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>A log provider that sees what the host logs, at the levels its configuration sets.</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? Logs { get; init; }
    /// <summary>
    /// The address every request arrives from when set (TestServer gives none): a reverse proxy's,
    /// so that with it configured as trusted, X-Forwarded-For names each request's client.
    /// </summary>
    public System.Net.IPAddress? RemoteAddress { get; init; }

    public TestHost(string? prefix = null, string? dataDirectory = null, string? clusterId = null)
    {
        Prefix = prefix ?? TestStorage.NewPrefix();
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("assessment-host-").FullName;
        ClusterId = clusterId ?? Prefix;
    }

    /// <summary>Another host on the same storage and data folder: after this one stopped, or beside it in the cluster.</summary>
    public TestHost Sibling() => new(Prefix, DataDirectory, ClusterId);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Assessment:Storage:ConnectionString", TestStorage.ConnectionString);
        builder.UseSetting("Assessment:Storage:TablePrefix", Prefix);
        builder.UseSetting("Assessment:Silo:ClusterId", ClusterId);
        builder.UseSetting("Assessment:Silo:Port", siloPort.ToString());
        builder.UseSetting("Assessment:Silo:GatewayPort", gatewayPort.ToString());
        builder.UseSetting("Assessment:DataDirectory", DataDirectory);
        builder.UseSetting("Assessment:Admin:Password", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        if (Logs is { } logs) builder.ConfigureLogging(l => l.AddProvider(logs));
        if (RemoteAddress is { } remote) builder.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddressFilter(remote)));
    }

    /// <summary>Sets the connection's remote address before anything else in the pipeline sees the request.</summary>
    private sealed class RemoteAddressFilter(System.Net.IPAddress remote) : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(then => context =>
            {
                context.Connection.RemoteIpAddress = remote;
                return then(context);
            });
            next(app);
        };
    }

    public async Task<string> TokenAsync(string username, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    public async Task<HttpClient> ClientAsAsync(string username, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(username, password));
        return client;
    }

    public Task<HttpClient> AdminAsync() => ClientAsAsync("admin", AdminPassword);

    private sealed record TokenBody(string AccessToken);
}
