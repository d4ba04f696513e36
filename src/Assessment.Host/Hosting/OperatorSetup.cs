using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Grains;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Orleans.Runtime;

namespace Assessment.Host.Hosting;

/// <summary>
/// What an operator sees of a running host: metrics in Prometheus text at /metrics (ASP.NET Core,
/// Orleans and the service's own counters), /health/live and /health/ready beside /health, the
/// Orleans dashboard for admins at /dashboard, and logs as JSON lines when asked
/// (<c>Assessment__Logging__Json=true</c>).
/// </summary>
public static class OperatorSetup
{
    public static void AddAssessmentOperators(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // Requests, connections, exceptions and refusals for too many requests; not the meters that count
            // every routing match, authentication or buffer rented, which cost ~5% of a village read for little.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting")
            .AddMeter("Microsoft.Orleans")
            .AddView(instrument => PerMessage(instrument) ? MetricStreamConfiguration.Drop : null)
            .AddMeter(AssessmentMetrics.MeterName)
            .AddMeter(Assessment.Storage.StorageMetrics.MeterName)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)); // every scrape is current
        builder.Services.AddHealthChecks()
            .AddCheck<StorageCheck>("storage", tags: ["ready"])
            .AddCheck<SiloCheck>("silo", tags: ["ready"]);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminOnly, p => p.RequireClaim(TokenIssuer.RoleClaim, Role.Admin.ToWire()));
        if (builder.Configuration.GetValue<bool>("Assessment:Logging:Json"))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }
    }

    public const string AdminOnly = "admin-only";

    /// <summary>
    /// Orleans' instruments counted on every grain message or directory lookup; its activations, grains,
    /// directory sizes and reminders (read when scraped) stay.
    /// </summary>
    private static bool PerMessage(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.Orleans" && !instrument.IsObservable &&
        (instrument.Name.StartsWith("orleans-messaging", StringComparison.Ordinal) ||
         instrument.Name.StartsWith("orleans-directory-lookups", StringComparison.Ordinal) ||
         instrument.Name.StartsWith("orleans-app-requests", StringComparison.Ordinal));

    public static void MapAssessmentOperators(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        // Live: the process answers. Ready: storage answers and this silo is active in the cluster.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapOrleansDashboard("/dashboard").RequireAuthorization(AdminOnly).ExcludeFromDescription();
    }

    private sealed class StorageCheck(Tables tables) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await tables.PingAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is OperationCanceledException or Azure.RequestFailedException or HttpRequestException)
            {
                return HealthCheckResult.Unhealthy("Table storage does not answer.");
            }
        }
    }

    private sealed class SiloCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            Task.FromResult(membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) == SiloStatus.Active
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("This silo is not active in the cluster."));
    }
}
