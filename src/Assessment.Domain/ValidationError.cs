namespace Assessment.Domain;

/// <summary>
/// One reason an input was refused, said so that an officer can find and fix it: the row as a
/// spreadsheet numbers it (header = row 1), the column, or the JSON field.
/// </summary>
public sealed record ValidationError(string Message, int? Row = null, string? Column = null, string? Field = null)
{
    /// <summary>An error list names at most this many; the detail counts them all.</summary>
    public const int MaxListed = 1000;

    /// <summary>The first <see cref="MaxListed"/> errors, and the detail saying how many there were when that is not all.</summary>
    public static (string Detail, IReadOnlyList<ValidationError> Listed) Capped(string detail, IReadOnlyList<ValidationError> errors) =>
        errors.Count <= MaxListed
            ? (detail, errors)
            : ($"{detail} The first {N(MaxListed)} of {N(errors.Count)} errors are listed.", errors.Take(MaxListed).ToList());

    private static string N(int n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Counts and lists bad rows in one sentence, e.g. "3 rows are invalid (row 2, 5, 9)".</summary>
    public static string Summary(IReadOnlyList<ValidationError> errors, string nothingApplied = "nothing was applied")
    {
        var rows = errors.Where(e => e.Row is not null).Select(e => e.Row!.Value).Distinct().Order().ToList();
        if (rows.Count == 0) return $"{errors.Count} {(errors.Count == 1 ? "value is" : "values are")} invalid; {nothingApplied}.";
        var shown = string.Join(", ", rows.Take(20)) + (rows.Count > 20 ? ", …" : "");
        return $"{N(rows.Count)} {(rows.Count == 1 ? "row is" : "rows are")} invalid (row {shown}); {nothingApplied}. Fix them and send the whole file again.";
    }
}

/// <summary>Thrown when an input cannot be read at all (wrong encoding, not a CSV, missing columns).</summary>
public sealed class MalformedInputException(string message, IReadOnlyList<ValidationError>? errors = null) : Exception(message)
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors ?? [new ValidationError(message)];
}
