using Orleans.Dashboard;
using System.Net;
using Assessment.Abstractions;
using Assessment.Grains;
using Assessment.Grains.Cycles;
using Assessment.Storage;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Assessment.Host.Hosting;

/// <summary>The Orleans silo that runs inside the host (<c>Assessment:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Assessment:Silo";
    public string ClusterId { get; set; } = "assessment";
    public int Port { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
}

public static class SiloSetup
{
    public static void AddAssessmentSilo(this WebApplicationBuilder builder)
    {
        var silo = builder.AddValidated(SiloOptions.Section, new SiloOptionsValidator());
        builder.AddValidated(FanOutOptions.Section, new FanOutOptionsValidator());
        builder.Services.AddSingleton<FanOut>();

        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = "assessment";
            });
            // Silos share one site: a silo that stops answering is declared dead within seconds, so
            // that its grains (a cycle's work among them) are activated again elsewhere soon.
            orleans.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
            });
            // Several silos on one machine: each gets its own ports, all advertise loopback.
            orleans.ConfigureEndpoints(IPAddress.Loopback, silo.Port, silo.GatewayPort);
            // Orleans' own tables go through the same Tables (client and prefix) as ours.
            // Served by the host at /dashboard, admins only (OperatorSetup). Its counters every 5 s, not every second: some
            // of Orleans' gauges count every activation, and with a province's village grains in memory that was ~7% of the host.
            orleans.AddDashboard(o => o.CounterUpdateIntervalMs = 5_000);
            orleans.UseAzureStorageClustering(options => options.Configure<Tables>((o, tables) =>
            {
                o.TableServiceClient = tables.Service;
                o.TableName = tables.OrleansTableName("OrleansSiloInstances");
            }));
            orleans.UseAzureTableReminderService(options => options.Configure<Tables>((o, tables) =>
            {
                o.TableServiceClient = tables.Service;
                o.TableName = tables.OrleansTableName("OrleansReminders");
            }));
            orleans.AddAzureTableGrainStorage(StorageNames.Default, options => options.Configure<Tables>((o, tables) =>
            {
                o.TableServiceClient = tables.Service;
                o.TableName = tables.OrleansTableName("OrleansGrainState");
            }));
            orleans.Services.AddGrainStorage(StorageNames.Cycles, (sp, _) => new TableGrainStorage(sp.GetRequiredService<Tables>().Grains, TableGrainStorage.ByStateName));
        });
    }
}

/// <summary>What the silo's settings must be for it to start: a cluster name, and ports a socket can have, different from each other.</summary>
public sealed class SiloOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<SiloOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId)) failures.Add(Settings.Failure($"{SiloOptions.Section}:ClusterId", "is empty; give the cluster's name"));
        if (options.Port is < 1 or > 65535) failures.Add(Settings.Failure($"{SiloOptions.Section}:Port", $"is {options.Port}; it must be a port from 1 to 65535"));
        if (options.GatewayPort is < 1 or > 65535) failures.Add(Settings.Failure($"{SiloOptions.Section}:GatewayPort", $"is {options.GatewayPort}; it must be a port from 1 to 65535"));
        if (options.Port == options.GatewayPort) failures.Add(Settings.Failure($"{SiloOptions.Section}:GatewayPort", $"is the same as the silo port {options.Port}; give each its own"));
        return failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>A fan-out keeps at least one call in flight, and not so many that storage only queues them.</summary>
public sealed class FanOutOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<FanOutOptions>
{
    public const int MaxWidth = 256;

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, FanOutOptions options) =>
        options.Width is >= 1 and <= MaxWidth
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(Settings.Failure($"{FanOutOptions.Section}:Width", $"is {options.Width}; it must be from 1 to {MaxWidth}"));
}
