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
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        builder.Services.AddSingleton(builder.Configuration.GetSection(FanOutOptions.Section).Get<FanOutOptions>() ?? new FanOutOptions());
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
            orleans.AddDashboard(); // served by the host at /dashboard, admins only (OperatorSetup)
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
