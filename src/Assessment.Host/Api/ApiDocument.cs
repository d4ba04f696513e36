using Assessment.Domain.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Assessment.Host.Api;

/// <summary>An endpoint open to these roles only (set by <c>Access.RequireRoles</c>): it can answer 403.</summary>
public sealed record RolesMetadata(IReadOnlyList<Role> Roles);

/// <summary>An endpoint that checks the caller's region against a parameter (set by <c>Access.RequireScope</c>): it can answer 403.</summary>
public sealed record ScopeMetadata(string Parameter);

/// <summary>An endpoint that limits how often it may be called: it can answer 429.</summary>
public sealed record LimitedMetadata;

/// <summary>
/// The OpenAPI document says what every operation answers, from what the endpoint is: the bearer
/// scheme and 401 where a token is needed, 403 where roles or regions are checked, 400 for any
/// parameter or body, 404 for a key in the path, 409 for a change to something with a phase or state,
/// 413/415/422 for bodies, 429 where calls are limited, 503 for all — each with the problem schema,
/// and a tag per area (<c>/api/{area}/…</c>). An endpoint added later is described the same way, unasked.
/// </summary>
public sealed class ApiDocument : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    /// <summary>The server as the request reached it, without the trailing slash linters refuse.</summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        return Task.CompletedTask;
    }

    private const string Bearer = "Bearer";
    private const string Problem = "ProblemDetails";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(Problem))
            document.AddComponent(Problem, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));

        var path = "/" + (description.RelativePath ?? "").TrimStart('/');
        var method = description.HttpMethod ?? "GET";
        var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var takesBody = description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form") || metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Count > 0);
        var upload = metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Any(t => !t.Contains("json", StringComparison.Ordinal)));
        var queries = description.ParameterDescriptions.Where(p => p.Source.Id == "Query").Select(p => p.Name).ToList();
        var hasKey = path.Contains('{') || queries.Any(q => q is "cycle" or "region" or "from" or "to" or "village");
        var changes = method is "POST" or "PUT" or "DELETE";
        // A cycle's phase decides what may be read of it too (proposals once computed, reports once published).
        var ofCycle = path.StartsWith("/api/cycles/{", StringComparison.Ordinal) || queries.Any(q => q is "cycle" or "from" or "to");

        var statuses = new Dictionary<int, string> { [400] = "A parameter or the body is malformed; the detail says which.", [503] = "Storage or a server of the cluster did not answer; nothing was changed." };
        if (needsToken) statuses[401] = "No token, or one that expired or no longer works.";
        if (metadata.OfType<RolesMetadata>().Any() || metadata.OfType<ScopeMetadata>().Any()) statuses[403] = "The user's role or region does not allow this.";
        if (hasKey) statuses[404] = "Nothing is stored under a key in the path or query.";
        if ((changes && path.Contains('{')) || ofCycle) statuses[409] = "Its phase or state does not allow this now.";
        if (takesBody) statuses[415] = "The body's Content-Type is not what this operation takes.";
        if (takesBody || queries.Count > 0) statuses[422] = "Well-formed but not valid; errors names each field or row.";
        if (upload) statuses[413] = "The body is larger than the limit.";
        if (metadata.OfType<LimitedMetadata>().Any() || metadata.OfType<EnableRateLimitingAttribute>().Any()) statuses[429] = "Too many requests; Retry-After says when to try again.";

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, text) in statuses.OrderBy(s => s.Key))
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) continue;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(Problem, document) } },
            };
        }

        operation.Summary ??= Summary(description);
        if (!needsToken) operation.Security = [new OpenApiSecurityRequirement()]; // open to anyone: said, not left out

        if (needsToken)
        {
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes.TryAdd(Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/auth/token.",
            });
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        }

        var area = Area(path);
        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => t.Name == area)) document.Tags.Add(new OpenApiTag { Name = area });
        operation.Tags = new HashSet<OpenApiTagReference> { new(area, document) };
    }

    /// <summary>A summary from the handler's name (ListMovementsAsync → "List movements"), else from the method and path.</summary>
    private static string Summary(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        var handler = description.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.Name;
        if (handler is not null && !handler.Contains('<'))
            return Humanizer.StringHumanizeExtensions.Humanize(handler.EndsWith("Async", StringComparison.Ordinal) ? handler[..^5] : handler);
        return $"{description.HttpMethod} {description.RelativePath}";
    }

    /// <summary>The area of a path: <c>/api/cycles/{id}/…</c> → Cycles; <c>/health</c> → Health.</summary>
    private static string Area(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var word = segments is ["api", var area, ..] ? area : segments.FirstOrDefault() ?? "service";
        word = word.Split(':')[0];
        return char.ToUpperInvariant(word[0]) + word[1..];
    }
}
