using System.Text.Json.Serialization;
using Assessment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Assessment.Host.Api;

/// <summary>One entry of a problem's <c>errors</c> list (api.md, Conventions).</summary>
public sealed record ProblemError(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Row,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Column,
    string Message)
{
    public static ProblemError From(ValidationError e) => new(e.Field, e.Row, e.Column, e.Message);
}

/// <summary>RFC 9457 problem responses: a title, a detail an officer can act on, and where it applies, every error.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail, IEnumerable<ValidationError>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors.Select(ProblemError.From).ToList();
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult BadRequest(string detail, string? field = null) =>
        Create(400, "The request is malformed", detail, [new ValidationError(detail, Field: field)]);

    public static ProblemHttpResult Malformed(MalformedInputException e) =>
        Create(400, "The request is malformed", e.Message, e.Errors);

    public static ProblemHttpResult Invalid(string detail, IEnumerable<ValidationError> errors) =>
        Create(422, "Some values are not valid", detail, errors);

    public static ProblemHttpResult Forbidden(string detail) => Create(403, "Not allowed", detail);

    public static ProblemHttpResult NotFound(string detail) => Create(404, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail, IEnumerable<ValidationError>? errors = null) => Create(409, "Conflict", detail, errors);

    public static ProblemHttpResult TooLarge(long limit) =>
        Create(413, "The body is too large", $"The request body is larger than {limit / (1024 * 1024)} MiB, the most an upload may be.");

    public static ProblemHttpResult UnsupportedMediaType(string detail) => Create(415, "Unsupported media type", detail);

    /// <summary>Counts and lists bad rows in one sentence, e.g. "3 rows are invalid (rows 2, 5, 9)".</summary>
    public static string Summary(IReadOnlyList<ValidationError> errors, string nothingApplied = "nothing was applied")
    {
        var rows = errors.Where(e => e.Row is not null).Select(e => e.Row!.Value).Distinct().OrderBy(r => r).ToList();
        if (rows.Count == 0) return $"{errors.Count} {(errors.Count == 1 ? "value is" : "values are")} invalid; {nothingApplied}.";
        var shown = string.Join(", ", rows.Take(20)) + (rows.Count > 20 ? ", …" : "");
        return $"{rows.Count} {(rows.Count == 1 ? "row is" : "rows are")} invalid (row {shown}); {nothingApplied}. Fix them and send the whole file again.";
    }
}
