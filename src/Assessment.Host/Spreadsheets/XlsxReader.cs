using System.Globalization;
using System.Text.RegularExpressions;
using Assessment.Abstractions;
using Assessment.Domain;
using Assessment.Domain.Csv;
using Assessment.Host.Api;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Assessment.Host.Spreadsheets;

/// <summary>
/// Reads the first sheet of an uploaded workbook into the same <see cref="CsvTable"/> the CSV reader
/// gives, so that the domain's validation, the all-or-nothing rule and the content hash apply
/// unchanged. Rows keep the numbers Excel shows. What a CSV cannot carry is refused, naming the
/// cell: a formula (the value must be pasted), a merged range, an error value; and an empty sheet.
/// </summary>
public static partial class XlsxReader
{
    /// <summary>The text of all cells together may be as large as a CSV upload may be.</summary>
    public const long MaxTextLength = Uploads.MaxBytes;

    public static CsvTable Read(byte[] bytes)
    {
        // A zip file starts with a local file header, "PK\x03\x04".
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4)
            throw NotAWorkbook("it is not a zip file, as every .xlsx is");
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException or InvalidOperationException or ArgumentException or System.Xml.XmlException)
        {
            throw NotAWorkbook("it is a zip file but not an Excel workbook");
        }
        using (document)
        {
            var workbook = document.WorkbookPart ?? throw NotAWorkbook("the zip file holds no workbook");
            var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (first?.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart sheet)
                throw NotAWorkbook("the workbook has no worksheet");
            return ReadSheet(workbook, sheet, first.Name?.Value ?? "Sheet1");
        }
    }

    private static CsvTable ReadSheet(WorkbookPart workbook, WorksheetPart sheet, string sheetName)
    {
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToList() ?? [];
        var records = new List<(int Number, List<string> Cells)>();
        var errors = new List<ValidationError>();
        var merged = new List<string>();
        long textLength = 0;
        var lastRow = 0;

        using var reader = OpenXmlReader.Create(sheet);
        var more = reader.Read();
        while (more)
        {
            if (reader.IsStartElement && reader.ElementType == typeof(MergeCell))
            {
                if (((MergeCell)reader.LoadCurrentElement()!).Reference?.Value is { } range) merged.Add(range);
                more = !reader.EOF && (reader.IsStartElement || reader.Read());
                continue;
            }
            if (!reader.IsStartElement || reader.ElementType != typeof(Row))
            {
                more = reader.Read();
                continue;
            }
            var row = (Row)reader.LoadCurrentElement()!;
            more = !reader.EOF && (reader.IsStartElement || reader.Read());
            var number = row.RowIndex?.Value is { } r ? (int)r : lastRow + 1;
            lastRow = number;
            var cells = new List<string>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference && ColumnOf(reference) is { } c ? c : nextColumn;
                nextColumn = column + 1;
                var at = $"row {number}, column {ColumnName(column)}";
                if (cell.CellFormula is not null)
                {
                    errors.Add(new($"{at} holds a formula ({Clip(cell.CellFormula.Text)}); the file must hold values: copy the sheet and paste it as values (选择性粘贴 → 数值)", number, ColumnName(column)));
                    continue;
                }
                var text = ValueOf(cell, shared, out var error);
                if (error is not null) { errors.Add(new($"{at} {error}", number, ColumnName(column))); continue; }
                textLength += text.Length;
                if (textLength > MaxTextLength) throw new BodyTooLargeException(Uploads.MaxBytes);
                while (cells.Count < column) cells.Add("");
                if (cells.Count == column) cells.Add(text); else cells[column] = text;
            }
            // Blank rows (formatting only) are no rows, as blank lines in a CSV are not.
            if (cells.Any(c => c.Trim().Length > 0)) records.Add((number, cells));
        }

        foreach (var range in merged)
        {
            var (row, column) = StartOf(range);
            var where = records.Count > 0 && row == records[0].Number ? "the header" : $"row {row}";
            errors.Add(new($"row {row}, column {ColumnName(column)}: the cells {range} of {where} are merged; unmerge them and give every column its own header and every row its own value", row, ColumnName(column)));
        }
        if (errors.Count > 0)
            throw Refused.Invalid($"The sheet '{sheetName}' cannot be read as a table: {ValidationError.Summary(errors, "nothing was applied")}", errors.OrderBy(e => e.Row).ToList());
        if (records.Count == 0)
            throw Refused.Invalid($"The first sheet '{sheetName}' is empty: put the header in row 1 and a row per record below it.",
                [new ValidationError("row 1, column A: the first sheet has no cells with values", 1, "A")]);

        var header = records[0].Cells;
        // Excel leaves out empty cells at a row's end; a CSV row has them all, so rows are padded to the
        // header's width and the same content hashes the same from either format.
        var rows = records.Skip(1).Select(r =>
        {
            while (r.Cells.Count < header.Count) r.Cells.Add("");
            return new CsvRow(r.Number, r.Cells);
        }).ToList();
        return new CsvTable(header, rows);
    }

    private static string ValueOf(Cell cell, List<string> shared, out string? error)
    {
        error = null;
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count) return shared[index];
            error = "refers to a shared string the workbook does not have";
            return "";
        }
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? TextOf(inline) : "";
        if (type == CellValues.Boolean) return raw.Trim() is "1" or "true" ? "true" : "false";
        if (type == CellValues.Error)
        {
            error = $"holds the error value {raw}; enter a value";
            return "";
        }
        if (type == CellValues.String || type == CellValues.Date) return raw;
        if (raw.Length == 0) return "";
        // A number as Excel shows it: 15 significant digits, so 0.1+0.2 is 0.3 and 130102001001 stays whole.
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
            decimal.TryParse(number.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var shown))
            return shown.ToString(CultureInfo.InvariantCulture);
        return raw;
    }

    /// <summary>A rich-text string is its runs' text; phonetic guides (rPh) are not part of the value.</summary>
    private static string TextOf(OpenXmlElement item) =>
        item.GetFirstChild<Text>() is { } text ? text.Text : string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    private static string Clip(string formula) => "=" + (formula.Length > 40 ? formula[..40] + "…" : formula);

    private static Refused NotAWorkbook(string why) =>
        Refused.Invalid($"The body is not an XLSX workbook: {why}. Save the sheet as 'Excel Workbook (*.xlsx)', or send a CSV as 'Content-Type: text/csv'.",
            [new ValidationError($"not an XLSX workbook: {why}", Field: "body")]);

    [GeneratedRegex("^([A-Z]{1,3})([0-9]+)$")]
    private static partial Regex Reference();

    /// <summary>The zero-based column of a reference such as "C7".</summary>
    public static int? ColumnOf(string reference)
    {
        var m = Reference().Match(reference.ToUpperInvariant());
        if (!m.Success) return null;
        var column = 0;
        foreach (var ch in m.Groups[1].Value) column = column * 26 + (ch - 'A' + 1);
        return column - 1;
    }

    private static (int Row, int Column) StartOf(string range)
    {
        var start = range.Split(':')[0];
        var m = Reference().Match(start.ToUpperInvariant());
        return m.Success ? (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), ColumnOf(start) ?? 0) : (1, 0);
    }

    /// <summary>The letters Excel shows for a zero-based column: 0 → A, 26 → AA.</summary>
    public static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);
}
