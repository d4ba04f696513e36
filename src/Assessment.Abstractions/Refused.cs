using Assessment.Domain;

namespace Assessment.Abstractions;

/// <summary>Why a grain refused a request, as the HTTP surface will say it (404, 403, 409, 422).</summary>
public enum RefusalKind
{
    /// <summary>The input cannot be read at all (not CSV, wrong encoding, missing columns): a 400.</summary>
    Malformed,
    NotFound,
    Forbidden,
    /// <summary>Wrong phase or state: entering data into a frozen cycle, deciding a published one.</summary>
    Conflict,
    /// <summary>Well-formed but invalid values; <see cref="Refused.Errors"/> names each.</summary>
    Invalid,
}

/// <summary>
/// A grain's refusal: thrown by the grain that knows the rule, carried across the grain call, and
/// turned into a problem response in one place of the host. A refused request changes nothing.
/// </summary>
[GenerateSerializer]
public sealed class Refused : Exception
{
    [Id(0)] public RefusalKind Kind { get; private set; }
    [Id(1)] public string Detail { get; private set; }
    [Id(2)] public IReadOnlyList<ValidationError> Errors { get; private set; }

    public Refused(RefusalKind kind, string detail, IReadOnlyList<ValidationError>? errors = null) : base(detail)
    {
        Kind = kind;
        // A file of 300,000 bad rows is refused with the first thousand named, not a 30 MB answer.
        (Detail, Errors) = ValidationError.Capped(detail, errors ?? []);
    }

    public static Refused NotFound(string detail) => new(RefusalKind.NotFound, detail);
    public static Refused Forbidden(string detail) => new(RefusalKind.Forbidden, detail);
    public static Refused Conflict(string detail, IReadOnlyList<ValidationError>? errors = null) => new(RefusalKind.Conflict, detail, errors);
    public static Refused Invalid(string detail, IReadOnlyList<ValidationError> errors) => new(RefusalKind.Invalid, detail, errors);
}
