using System.Globalization;

namespace Assessment.Domain.Problems;

/// <summary>Free text typed by a person: trimmed, and counted as a reader counts characters.</summary>
internal static class TextField
{
    /// <summary>Text elements, as region names are counted: 村 is one, and so is an emoji made of two UTF-16 units.</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>
    /// The trimmed text, or null when there is none. Adds an error naming <paramref name="field"/> when
    /// it is shorter than <paramref name="min"/> (0 = optional) or longer than <paramref name="max"/>.
    /// </summary>
    public static string? Read(string? text, string field, string what, int min, int max, List<ValidationError> errors)
    {
        var trimmed = text?.Trim() ?? "";
        var length = Length(trimmed);
        if (length == 0 && min > 0)
            errors.Add(new($"{what} is required", Field: field));
        else if (length < min)
            errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"{what} has {length:N0} characters; it needs {min:N0} to {max:N0}"), Field: field));
        else if (length > max)
            errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"{what} has {length:N0} characters; at most {max:N0} are allowed"), Field: field));
        return length == 0 ? null : trimmed;
    }
}
