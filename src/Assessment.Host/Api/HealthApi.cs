using Assessment.Host.Hosting;
using Assessment.Storage;

namespace Assessment.Host.Api;

public static class HealthApi
{
    /// <summary><c>GET /health</c>: 200 when the silo is up (the API is only served once it is) and storage answers.</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async (Tables tables, StorageCeiling ceiling, CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await tables.PingAsync(timeout.Token);
                return ceiling.Warning() is { } warning ? Results.Ok(new { status = "ready", warnings = new[] { warning } }) : Results.Ok(new { status = "ready" });
            }
            catch (Exception e) when (e is OperationCanceledException or Azure.RequestFailedException or HttpRequestException)
            {
                return Problems.Create(503, "Not ready", "Table storage does not answer.");
            }
        }).AllowAnonymous();
    }
}
