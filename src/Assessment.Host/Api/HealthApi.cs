using Assessment.Host.Hosting;
using Assessment.Storage;

namespace Assessment.Host.Api;

/// <summary>Ready, and what an operator should know (the storage file nearing its ceiling).</summary>
public sealed record HealthResponse(
    string Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings);

public static class HealthApi
{
    /// <summary><c>GET /health</c>: 200 when the silo is up (the API is only served once it is) and storage answers.</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<HealthResponse>, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>> (
            Tables tables, StorageCeiling ceiling, CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await tables.PingAsync(timeout.Token);
                return TypedResults.Ok(new HealthResponse("ready", ceiling.Warning() is { } warning ? [warning] : null));
            }
            catch (Exception e) when (e is OperationCanceledException or Azure.RequestFailedException or HttpRequestException)
            {
                return Problems.Create(503, "Not ready", "Table storage does not answer.");
            }
        }).AllowAnonymous();
    }
}
