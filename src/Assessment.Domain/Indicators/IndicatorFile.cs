using Assessment.Domain.Csv;

namespace Assessment.Domain.Indicators;

/// <summary>One accepted row of a county's indicator file.</summary>
public sealed record IndicatorRow(int Row, string Village, string Indicator, IndicatorValue Value, string? Note);

/// <summary>
/// The county's indicator file, in one of two layouts told apart by the header. Long:
/// <c>village,indicator,value[,note]</c>, a row per value. Wide (the way officers keep it, and the
/// template's): a row per village, <c>village</c> (村庄代码) then a column per indicator named by its
/// code or Chinese name, an optional <c>note</c> (备注); an empty cell is no value. All-or-nothing:
/// every row is checked and every bad row reported, by row number, column, value and reason.
/// </summary>
public static class IndicatorFile
{
    public const int MaxNoteLength = 500;
    public static readonly string[] RequiredColumns = ["village", "indicator", "value"];
    public static readonly string[] OptionalColumns = ["note"];

    public sealed record Result(IReadOnlyList<IndicatorRow> Rows, IReadOnlyList<ValidationError> Errors);

    /// <param name="checkVillage">Says why a village code may not be written here (unknown, another county), or null.</param>
    public static Result Read(CsvTable table, IndicatorCatalog catalog, Func<string, string?> checkVillage) =>
        IsWide(table.Header) ? ReadWide(table, catalog, checkVillage) : ReadLong(table, catalog, checkVillage);

    /// <summary>The wide layout's village column (the code), in English or as the template names it.</summary>
    public static readonly string[] VillageColumns = ["village", "村庄代码"];
    public static readonly string[] NoteColumns = ["note", "备注"];
    /// <summary>Columns of the wide layout that describe the village for the reader and carry no value (乡镇, 村名).</summary>
    public static readonly string[] DescriptionColumns = ["township", "name", "乡镇", "村名"];

    /// <summary>
    /// Wide when the header has a village column and neither an <c>indicator</c> nor a <c>value</c>
    /// column: a long header with a misspelled column is still read as long, and its missing column named.
    /// </summary>
    public static bool IsWide(IReadOnlyList<string> header) =>
        !header.Any(h => Is(h, "indicator") || Is(h, "value")) && header.Any(h => VillageColumns.Any(v => Is(h, v)));

    /// <summary>Where the village codes are, in either layout; null when the header has no such column.</summary>
    public static int? VillageColumn(IReadOnlyList<string> header)
    {
        for (var i = 0; i < header.Count; i++)
            if (VillageColumns.Any(v => Is(header[i], v))) return i;
        return null;
    }

    private static bool Is(string header, string name) => string.Equals(header.Trim(), name, StringComparison.OrdinalIgnoreCase);

    private static Result ReadWide(CsvTable table, IndicatorCatalog catalog, Func<string, string?> checkVillage)
    {
        var errors = new List<ValidationError>();
        int villageAt = -1, noteAt = -1;
        var indicatorAt = new List<(int Column, string Header, Indicator Indicator)>();
        for (var i = 0; i < table.Header.Count; i++)
        {
            var header = table.Header[i].Trim();
            if (header.Length == 0)
            {
                if (table.Rows.FirstOrDefault(r => r[i].Trim().Length > 0) is { } stray)
                    errors.Add(new($"column {i + 1} has values but no header; name it with an indicator code or its Chinese name", stray.Number, $"column {i + 1}"));
                continue;
            }
            if (VillageColumns.Any(v => Is(header, v))) { if (villageAt < 0) villageAt = i; else errors.Add(new("the village column appears twice", 1, header)); continue; }
            if (NoteColumns.Any(v => Is(header, v))) { if (noteAt < 0) noteAt = i; else errors.Add(new("the note column appears twice", 1, header)); continue; }
            if (DescriptionColumns.Any(v => Is(header, v))) continue;
            var indicator = catalog.Find(header) ?? catalog.Indicators.FirstOrDefault(x => x.NameZh == header);
            if (indicator is null)
            {
                errors.Add(new($"'{header}' is neither an indicator code nor an indicator's Chinese name; the columns are village (村庄代码), " +
                    $"then indicators ({string.Join(", ", catalog.Indicators.Select(x => $"{x.Code}/{x.NameZh}"))}), optional note (备注)", 1, header));
            }
            else if (indicatorAt.FirstOrDefault(x => x.Indicator.Code == indicator.Code) is { Header: not null } twice)
                errors.Add(new($"{indicator.Code} ({indicator.NameZh}) has two columns: '{twice.Header}' and '{header}'; keep one", 1, header));
            else indicatorAt.Add((i, header, indicator));
        }
        if (indicatorAt.Count == 0 && errors.Count == 0) errors.Add(new("the header names no indicator: add a column per indicator, named by its code or Chinese name", 1));
        if (errors.Count > 0) return new Result([], errors);

        var rows = new List<IndicatorRow>(table.Rows.Count * indicatorAt.Count);
        var firstRowOf = new Dictionary<string, int>();
        foreach (var row in table.Rows)
        {
            var before = errors.Count;
            var village = row[villageAt].Trim();
            var note = noteAt >= 0 ? row[noteAt].Trim() : "";
            if (checkVillage(village) is { } villageError) errors.Add(new(villageError, row.Number, table.Header[villageAt].Trim()));
            if (firstRowOf.TryGetValue(village, out var first))
                errors.Add(new($"village {village} appears twice in the file (first in row {first}); give each village one row", row.Number, table.Header[villageAt].Trim()));
            else firstRowOf[village] = row.Number;
            if (note.Length > MaxNoteLength) errors.Add(new($"the note has {note.Length} characters; at most {MaxNoteLength} are allowed", row.Number, table.Header[noteAt].Trim()));
            var values = new List<IndicatorRow>(indicatorAt.Count);
            foreach (var (column, header, indicator) in indicatorAt)
            {
                var text = row[column];
                if (text.Trim().Length == 0) continue; // an empty cell: no value for this indicator
                if (catalog.TryRead(indicator, text, out var value, out var valueError))
                    values.Add(new IndicatorRow(row.Number, village, indicator.Code, value, note.Length > 0 ? note : null));
                else errors.Add(new(valueError!, row.Number, header));
            }
            if (errors.Count == before) rows.AddRange(values);
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new("the file has no values: every indicator cell is empty", table.Rows.Count > 0 ? table.Rows[0].Number : 1));
        return new Result(rows, errors);
    }

    private static Result ReadLong(CsvTable table, IndicatorCatalog catalog, Func<string, string?> checkVillage)
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
