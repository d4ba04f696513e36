using OpenTelemetry.Metrics;

namespace Assessment.Host.Hosting;

/// <summary>
/// Start-up on two cores. Building the host is one thread's work; the singletons that the maps resolve first
/// and that take longest to build are built on the other core meanwhile, while storage is prepared: Orleans'
/// grain factory (its type maps, ~0.6 s), the dashboard's assets (it gzips them, ~0.4 s) and the metrics
/// pipeline. The maps then find them built, or wait for the one being built (the container builds a
/// singleton once). That took 0.3–0.4 s off a restart (bench B7; docs/decisions.md, "Start-up").
/// </summary>
public static class StartUpWarming
{
    // Internal to Orleans.Dashboard: found by name; should a later version rename it, it is simply built when mapped.
    private static readonly Type? DashboardAssets = Type.GetType("Orleans.Dashboard.EmbeddedAssetProvider, Orleans.Dashboard");

    public static Task WarmUpAsync(this WebApplication app) => Task.Run(() =>
    {
        app.Services.GetRequiredService<IGrainFactory>();
        if (DashboardAssets is not null) app.Services.GetService(DashboardAssets);
        app.Services.GetService<MeterProvider>();
    });
}
