using OpenTelemetry.Metrics;

namespace Assessment.Host.Hosting;

/// <summary>
/// Start-up on two cores. Building the host is mostly one thread's work (the JIT, type loading); the singletons
/// that take longest to build are built on the other core meanwhile. The container builds a singleton once, so
/// a map that asks for one still being built waits for it. That took 0.3–0.4 s off a restart (bench B7;
/// docs/decisions.md, "Start-up and memory").
/// </summary>
public static class StartUpWarming
{
    // Internal to Orleans.Dashboard: found by name; should a later version rename it, it is simply built when mapped.
    private static readonly Type? DashboardAssets = Type.GetType("Orleans.Dashboard.EmbeddedAssetProvider, Orleans.Dashboard");

    /// <summary>
    /// While storage is prepared and the endpoints are mapped: the singletons the maps resolve, in the order they
    /// are mapped. The dashboard's assets (it gzips them, ~0.4 s), the metrics pipeline, Orleans' grain factory
    /// (its type maps, ~0.6 s; the scoreboard feeds take it when mapped).
    /// </summary>
    public static Task WarmUpServicesAsync(this WebApplication app) => Task.Run(() =>
    {
        if (DashboardAssets is not null) app.Services.GetService(DashboardAssets);
        app.Services.GetService<MeterProvider>();
        app.Services.GetRequiredService<IGrainFactory>();
    });
}
