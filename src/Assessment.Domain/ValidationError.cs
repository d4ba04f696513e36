namespace Assessment.Domain;

/// <summary>
/// One reason an input was refused, said so that an officer can find and fix it: the row as a
/// spreadsheet numbers it (header = row 1), the column, or the JSON field.
/// </summary>
public sealed record ValidationError(string Message, int? Row = null, string? Column = null, string? Field = null);

/// <summary>Thrown when an input cannot be read at all (wrong encoding, not a CSV, missing columns).</summary>
public sealed class MalformedInputException(string message, IReadOnlyList<ValidationError>? errors = null) : Exception(message)
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors ?? [new ValidationError(message)];
}
