using Assessment.Abstractions;
using Assessment.Grains;
using Assessment.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace Assessment.Grains.Tests;

/// <summary>
/// The grains on Orleans' in-process test cluster (one silo), their storage on the real Azurite that
/// tools/test starts (a fresh table prefix per cluster), and a fake clock the tests move by hand.
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
    public Tables Tables { get; }
    public InProcessTestCluster Cluster { get; }
    public IGrainFactory Grains => Cluster.Client;

    public GrainCluster()
    {
        var connection = Environment.GetEnvironmentVariable("ASSESSMENT_TEST_STORAGE")
            ?? throw new InvalidOperationException("ASSESSMENT_TEST_STORAGE is not set: run the tests with tools/test, which starts Azurite for them.");
        Tables = new Tables(new StorageOptions { ConnectionString = connection, TablePrefix = "g" + Guid.NewGuid().ToString("N")[..10] });
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.AddGrainStorage(StorageNames.Cycles, (sp, _) => new TableGrainStorage(Tables.Grains, TableGrainStorage.ByStateName));
            silo.Services.AddSingleton(Tables);
            silo.Services.AddSingleton<VillageStore>();
            silo.Services.AddSingleton<LedgerStore>();
            silo.Services.AddSingleton<AssessmentStore>();
            silo.Services.AddSingleton<CompetitionStore>();
            silo.Services.AddSingleton<TierMapStore>();
            silo.Services.AddSingleton<ObjectionStore>();
            silo.Services.AddSingleton<ProblemStore>();
            silo.Services.AddSingleton<RegionStore>();
            silo.Services.AddSingleton(new FanOutOptions());
            silo.Services.AddSingleton<FanOut>();
            silo.Services.AddSingleton<TimeProvider>(Clock);
        });
        Cluster = builder.Build();
    }

    public async ValueTask InitializeAsync()
    {
        await Tables.EnsureCreatedAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
