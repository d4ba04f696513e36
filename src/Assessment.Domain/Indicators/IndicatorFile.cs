using Assessment.Domain.Csv;

namespace Assessment.Domain.Indicators;

/// <summary>One accepted row of a county's indicator file.</summary>
public sealed record IndicatorRow(int Row, string Village, string Indicator, IndicatorValue Value, string? Note);

/// <summary>
/// The county's indicator file (<c>village,indicator,value[,note]</c>). All-or-nothing: every row is
/// checked and every bad row reported, by row number, column, value and reason.
/// </summary>
public static class IndicatorFile
{
    public const int MaxNoteLength = 500;
    public static readonly string[] RequiredColumns = ["village", "indicator", "value"];
    public static readonly string[] OptionalColumns = ["note"];

    public sealed record Result(IReadOnlyList<IndicatorRow> Rows, IReadOnlyList<ValidationError> Errors);

    /// <param name="checkVillage">Says why a village code may not be written here (unknown, another county), or null.</param>
    public static Result Read(CsvTable table, IndicatorCatalog catalog, Func<string, string?> checkVillage)
    {
        var col = table.Columns(RequiredColumns, OptionalColumns);
        var rows = new List<IndicatorRow>(table.Rows.Count);
        var errors = new List<ValidationError>();
        var firstRowOf = new Dictionary<(string, string), int>();
        foreach (var row in table.Rows)
        {
            var before = errors.Count;
            var village = row[col["village"]].Trim();
            var code = row[col["indicator"]].Trim();
            var text = row[col["value"]];
            var note = col.TryGetValue("note", out var ni) ? row[ni].Trim() : "";

            if (checkVillage(village) is { } villageError) errors.Add(new(villageError, row.Number, "village"));
            var indicator = catalog.Find(code);
            IndicatorValue value = default;
            if (indicator is null) errors.Add(new(catalog.UnknownCode(code), row.Number, "indicator"));
            else if (!catalog.TryRead(indicator, text, out value, out var valueError)) errors.Add(new(valueError!, row.Number, "value"));
            if (note.Length > MaxNoteLength) errors.Add(new($"the note has {note.Length} characters; at most {MaxNoteLength} are allowed", row.Number, "note"));
            if (firstRowOf.TryGetValue((village, code), out var first))
                errors.Add(new($"{village} {code} appears twice in the file (first in row {first}); give each value once", row.Number, "indicator"));
            else firstRowOf[(village, code)] = row.Number;

            if (errors.Count == before) rows.Add(new IndicatorRow(row.Number, village, code, value, note.Length > 0 ? note : null));
        }
        if (table.Rows.Count == 0) errors.Add(new("the file has a header but no rows", 1));
        return new Result(rows, errors);
    }
}
