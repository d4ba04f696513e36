using Scalar.AspNetCore;
using Assessment.Abstractions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assessment.Domain;
using Assessment.Storage;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public static class ApiSetup
{
    public static void AddAssessmentApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Bare status codes (no token, an unknown path) still say what to do.
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                401 => c.HttpContext.Items[Auth.AuthSetup.RevokedItem] as string
                    ?? "Sign in first: send 'Authorization: Bearer <token>' with a token from POST /api/auth/token.",
                403 => "Your role or region does not allow this.",
                404 => $"Nothing is served at {c.HttpContext.Request.Path}.",
                405 => $"{c.HttpContext.Request.Method} is not allowed on {c.HttpContext.Request.Path}.",
                415 => InputEdge.UnsupportedMediaType(c.HttpContext),
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // A request that cannot be bound throws (also in Production), so that ProblemExceptionHandler says where it went wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(o =>
        {
            o.AddOperationTransformer<ApiDocument>();
            o.AddDocumentTransformer<ApiDocument>();
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        // Kestrel stops a body a little above the upload limit; Uploads answers 413 at the limit itself.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Uploads.MaxBytes + 1024 * 1024);
    }

    public static void UseAssessmentApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        // The API and the operators' endpoints answer a bare error status with problem JSON; pages get an HTML page (PagesSetup).
        app.UseWhen(c => !Pages.PagesSetup.IsPage(c.Request), api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseInputEdge();
        app.MapOpenApi();
        // The API reference page, from the same document; its scripts are served by the host, not a CDN.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Assessment API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts());
    }
}

/// <summary>
/// Turns what an input or the storage refuses into a problem response, so that no handler repeats
/// it and no stack trace ever reaches a user.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            Refused r => Problems.From(r),
            MalformedInputException e => Problems.Malformed(e),
            BodyTooLargeException e => Problems.TooLarge(e.Limit),
            BadHttpRequestException { StatusCode: 413 } => Problems.TooLarge(Uploads.MaxBytes),
            BadHttpRequestException { StatusCode: 415 } => Problems.UnsupportedMediaType(InputEdge.UnsupportedMediaType(context)),
            BadHttpRequestException e => InputEdge.BadRequest(e, context),
            UnsupportedMediaTypeException e => Problems.UnsupportedMediaType(e.Message),
            StorageUnavailableException e => Unavailable(e.Message),
            _ when Causes(exception).Any(e => e is RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or System.Net.Sockets.SocketException)
                => Unavailable("Table storage did not answer; nothing was changed. Try again in a moment."),
            _ when Causes(exception).Any(e => e is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException
                    or Orleans.Runtime.Messaging.ConnectionFailedException)
                => Unavailable("A server of the cluster stopped; its work moves to the others within seconds. Try again in a moment."),
            TimeoutException or OperationCanceledException when !context.RequestAborted.IsCancellationRequested
                => Unavailable("The service is busy or recovering; try again in a moment."),
            _ => null,
        };
        if (result is null)
        {
            logger.Unhandled(exception, context.Request.Method, context.Request.Path);
            result = Problems.Create(500, "Internal error", "Something went wrong on the server; the error was logged.");
        }
        else if (result.StatusCode >= 500)
        {
            logger.Unavailable(exception, context.Request.Method, context.Request.Path);
        }
        await result.ExecuteAsync(context);
        return true;
    }

    /// <summary>The exception and everything inside it (inner and aggregated exceptions).</summary>
    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            yield return e;
            if (e is AggregateException a) foreach (var inner in a.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
    }

    private static ProblemHttpResult Unavailable(string detail) => Problems.Create(503, "Service unavailable", detail);
}
