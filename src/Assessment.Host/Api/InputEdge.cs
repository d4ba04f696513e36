using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Domain;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace Assessment.Host.Api;

/// <summary>
/// The one check every request passes before an endpoint runs: a key in the URL (a route value, or a
/// query parameter that names a cycle, region, village or user) is never blank, padded, over-long, or
/// carrying a path separator or control character. Past this point no handler sees such a key, so no
/// grain key is empty and no storage query is built from a '/'. What a key must look like beyond
/// that (a 12-digit code, a year) is the handler's to say, with a 400 or 404 of its own.
/// </summary>
public static partial class InputEdge
{
    /// <summary>Query parameters that carry a key, checked like route values.</summary>
    private static readonly string[] KeyParameters = ["cycle", "region", "from", "to", "village", "judge", "role", "status", "direction", "decided", "overdue", "after"];

    public const int MaxKeyLength = 64;

    /// <summary>Cursors are longer than keys: signed, they carry the last key and its signature.</summary>
    private const int MaxCursorLength = 256;

    public static void UseInputEdge(this WebApplication app) => app.Use(async (context, next) =>
    {
        // The pages check their own input and answer in HTML; this edge guards the API's keys.
        if (context.GetEndpoint() is null || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && Problem(name, text, "path") is { } error)
            {
                await Problems.BadRequest(error, name).ExecuteAsync(context);
                return;
            }
        }
        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var text in values)
            {
                var problem = KeyParameters.Contains(name) ? Problem(name, text ?? "", "query") : ControlCharacters(name, text ?? "");
                if (problem is not null)
                {
                    await Problems.BadRequest(problem, name).ExecuteAsync(context);
                    return;
                }
            }
        }
        await next(context);
    });

    /// <summary>Why <paramref name="text"/> cannot be the key <paramref name="name"/>, or null when it can.</summary>
    public static string? Problem(string name, string text, string where)
    {
        var what = $"The {where} parameter '{name}'";
        if (text.Length == 0) return $"{what} is empty: give a value or leave the parameter out.";
        if (string.IsNullOrWhiteSpace(text)) return $"{what} is blank.";
        if (text.Trim().Length != text.Length) return $"{what} '{text}' has spaces around it.";
        var limit = name == "after" ? MaxCursorLength : MaxKeyLength;
        if (text.Length > limit) return $"{what} is {text.Length} characters long; at most {limit} are allowed.";
        // '%' too: ASP.NET keeps an encoded '/' (%2F) encoded in a route value.
        if (text.IndexOfAny(['/', '\\', '?', '#', '%']) >= 0) return $"{what} '{text}' contains '/', '\\', '?', '#' or '%', which no key of this service has.";
        return ControlCharacters(name, text);
    }

    private static string? ControlCharacters(string name, string text) =>
        text.Any(char.IsControl) ? $"The parameter '{name}' contains a control character." : null;

    /// <summary>
    /// A request the endpoint could not bind (a query value of the wrong type, JSON that cannot be
    /// read, no body) as a problem that says where and what is expected.
    /// </summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BadRequest(BadHttpRequestException e, HttpContext context)
    {
        if (e.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 0 } p ? p : "$";
            var reason = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            // The serializer names the record being built, not the member; the member's own type says what was expected.
            if (reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
                reason = TypeAt(BodyType(context), path) is { } type ? $"the value is not {Expected(type)}" : "the value has the wrong type";
            var field = path == "$" ? null : path.TrimStart('$', '.');
            return Problems.Create(400, "The request is malformed", $"{path}: {reason}.", [new ValidationError($"{path}: {reason}", Field: field)]);
        }
        if (BindFailure().Match(e.Message) is { Success: true } m)
        {
            var name = m.Groups["name"].Value;
            var detail = $"The parameter '{name}' cannot be '{m.Groups["value"].Value}': it takes {Expected(m.Groups["type"].Value)}.";
            return Problems.BadRequest(detail, name);
        }
        if (e.Message.StartsWith("Required parameter", StringComparison.Ordinal) && e.Message.Contains("from body", StringComparison.Ordinal))
            return Problems.BadRequest("The request needs a JSON object as its body (Content-Type: application/json).");
        if (e.Message.StartsWith("Required parameter", StringComparison.Ordinal) && RequiredName().Match(e.Message) is { Success: true } r)
            return Problems.BadRequest($"The parameter '{r.Groups["name"].Value}' is required.", r.Groups["name"].Value);
        return Problems.BadRequest(e.Message);
    }

    /// <summary>The detail of a 415: what this endpoint takes.</summary>
    public static string UnsupportedMediaType(HttpContext context)
    {
        // Routing answers a body it cannot take with an endpoint of its own (a 415), so the endpoints at this path say what it takes.
        var accepts = Accepts(context).Concat(AcceptsAtPath(context)).SelectMany(a => a.ContentTypes).Distinct().ToList();
        var takes = accepts.Count == 0 ? "no body" : string.Join(" or ", accepts.Select(t => $"'{t}'"));
        var extra = accepts.Any(t => t.Contains("csv", StringComparison.Ordinal)) ? " (add '; charset=gb18030' for a GB18030 file)" : "";
        return $"The body's Content-Type '{context.Request.ContentType ?? "none"}' is not accepted here; this endpoint takes {takes}{extra}.";
    }

    /// <summary>What the endpoint takes; in the exception handler the endpoint is only in its feature.</summary>
    private static IEnumerable<IAcceptsMetadata> Accepts(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint)
            ?.Metadata.GetOrderedMetadata<IAcceptsMetadata>() ?? [];

    private static IEnumerable<IAcceptsMetadata> AcceptsAtPath(HttpContext context)
    {
        var method = context.Request.Method;
        foreach (var endpoint in context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || !methods.HttpMethods.Contains(method)) continue;
            var matcher = new TemplateMatcher(TemplateParser.Parse(endpoint.RoutePattern.RawText!.TrimStart('/')), []);
            if (!matcher.TryMatch(context.Request.Path, [])) continue;
            foreach (var accepts in endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>()) yield return accepts;
        }
    }

    private static Type? BodyType(HttpContext context) => Accepts(context).Select(a => a.RequestType).LastOrDefault(t => t is not null);

    /// <summary>The CLR type of the member at a JSON path such as <c>$.values.new_members</c> or <c>$.judges[2]</c>.</summary>
    private static Type? TypeAt(Type? type, string path)
    {
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (type is null) return null;
            var name = segment.Split('[')[0];
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) type = type.GetGenericArguments()[1];
            else type = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            for (var i = 0; i < segment.Count(c => c == '[') && type is not null; i++) type = Element(type);
        }
        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType() : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Expected(Type type) =>
        type == typeof(string) ? "text" :
        type == typeof(bool) ? "true or false" :
        type == typeof(int) || type == typeof(long) ? "a whole number" :
        type == typeof(decimal) || type == typeof(double) ? "a number" :
        type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "a date and time such as 2024-12-31T16:00:00Z" :
        type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type)) :
        type != typeof(string) && Element(type) is not null ? "a list" :
        "an object";

    private static string Expected(string type) => type.Replace("Nullable<", "").TrimEnd('>') switch
    {
        "bool" or "Boolean" => "true or false",
        "string" or "String" => "text",
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "decimal" or "Decimal" or "double" or "Double" => "a number",
        "DateTimeOffset" or "DateTime" => "a date and time such as 2024-12-31T16:00:00Z",
        var other => $"a value of type {other}",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[A-Za-z_][A-Za-z0-9_]*)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("Required parameter \"(?<type>.+) (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex RequiredName();
}
