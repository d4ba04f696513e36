using Assessment.Abstractions;
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
        if (errors is not null)
        {
            (problem.Detail, var listed) = ValidationError.Capped(detail, errors.ToList());
            problem.Extensions["errors"] = listed.Select(ProblemError.From).ToList();
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>A grain's refusal as its problem response: the one place where refusals become HTTP.</summary>
    public static ProblemHttpResult From(Refused refused) => refused.Kind switch
    {
        RefusalKind.Malformed => Create(400, "The request is malformed", refused.Detail, refused.Errors),
        RefusalKind.NotFound => NotFound(refused.Detail),
        RefusalKind.Forbidden => Forbidden(refused.Detail),
        RefusalKind.Conflict => Conflict(refused.Detail, refused.Errors.Count > 0 ? refused.Errors : null),
        _ => Invalid(refused.Detail, refused.Errors),
    };

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
}
