using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Assessment.Host.Api;

/// <summary>A report as a spreadsheet sees it: a header row and rows of text or numbers.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// Every report answers JSON, CSV (UTF-8 with BOM, so that spreadsheet programs read the Chinese
/// names) or XLSX, as the Accept header asks (api.md, Reports). Text that a spreadsheet would take
/// for a formula (=, +, -, @, tab, CR first) is escaped: a leading apostrophe in CSV, the
/// quotePrefix style in XLSX, so no imported name is ever run as a formula.
/// </summary>
public static class ReportFormats
{
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Declares a report's 200 in the OpenAPI document: <typeparamref name="T"/> as JSON, and the CSV and XLSX forms.</summary>
    public static RouteHandlerBuilder ProducesReport<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<T>(StatusCodes.Status200OK, "application/json", "text/csv", Xlsx);

    public static IResult Respond<T>(HttpRequest request, T json, Func<T, ReportTable> table)
    {
        var accept = request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).Select(a => a.MediaType.Value).ToList();
        foreach (var type in accept)
        {
            if (string.Equals(type, Csv, StringComparison.OrdinalIgnoreCase))
            {
                var t = table(json);
                return Results.File(ToCsv(t), "text/csv; charset=utf-8", t.Name + ".csv");
            }
            if (string.Equals(type, Xlsx, StringComparison.OrdinalIgnoreCase))
            {
                var t = table(json);
                return Results.File(ToXlsx(t), Xlsx, t.Name + ".xlsx");
            }
            if (type is "application/json" or "*/*" or "application/*") break;
        }
        return Results.Ok(json);
    }

    public static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static byte[] ToCsv(ReportTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Headers.Select(h => CsvCell(h))).Append("\r\n");
        foreach (var row in table.Rows) sb.AppendJoin(',', row.Select(CsvCell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string CsvCell(object? cell)
    {
        if (cell is null) return "";
        if (cell is not string text) return Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "";
        if (LooksLikeFormula(text)) text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    /// <summary>
    /// The report as a workbook, through the Open XML SDK: the small parts (workbook, styles) are made
    /// by the SDK, and the sheet is written row by row with its <see cref="OpenXmlWriter"/> straight
    /// into the zip entry, compressed on a temporary file. (A package opened read-write keeps every
    /// part uncompressed in memory until it is saved, and the SDK cannot build a write-only package.)
    /// So a report of 70,000 rows is never held a second time in memory, as XML or as zip. The file
    /// goes when the returned stream is disposed (the response disposes it once sent).
    /// </summary>
    public static Stream ToXlsx(ReportTable table)
    {
        var (skeleton, sheetPath) = Skeleton(table.Name);
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"assessment-report-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using (var source = new ZipArchive(new MemoryStream(skeleton), ZipArchiveMode.Read))
            using (var target = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var entry in source.Entries)
                {
                    using var to = target.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
                    if (entry.FullName != sheetPath)
                    {
                        using var from = entry.Open();
                        from.CopyTo(to);
                        continue;
                    }
                    using var writer = OpenXmlWriter.Create(to);
                    writer.WriteStartDocument(true);
                    writer.WriteStartElement(new Worksheet());
                    writer.WriteStartElement(new SheetData());
                    WriteRow(writer, 1, table.Headers.Cast<object?>().ToList());
                    for (var r = 0; r < table.Rows.Count; r++) WriteRow(writer, (uint)(r + 2), table.Rows[r]);
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }
            }
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A workbook with its styles and one empty sheet, and the path of that sheet in the zip.</summary>
    private static (byte[] Zip, string SheetPath) Skeleton(string name)
    {
        using var buffer = new MemoryStream();
        string path;
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            // Style 1 is quotePrefix: the cell is text even if it starts like a formula.
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellStyleFormats(new CellFormat()) { Count = 1 },
                new CellFormats(new CellFormat { FormatId = 0 }, new CellFormat { FormatId = 0, QuotePrefix = true }) { Count = 2 });
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData());
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = name[..Math.Min(31, name.Length)], SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
            path = sheet.Uri.OriginalString.TrimStart('/');
        }
        return (buffer.ToArray(), path);
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, IReadOnlyList<object?> cells)
    {
        writer.WriteStartElement(new Row { RowIndex = number });
        for (var c = 0; c < cells.Count; c++)
        {
            var at = Column(c) + number.ToString(CultureInfo.InvariantCulture);
            switch (cells[c])
            {
                case null: break;
                case bool flag:
                    writer.WriteElement(new Cell(new CellValue(flag ? "1" : "0")) { CellReference = at, DataType = CellValues.Boolean });
                    break;
                case int or long or decimal or double or float or short or byte:
                    writer.WriteElement(new Cell(new CellValue(Convert.ToString(cells[c], CultureInfo.InvariantCulture)!)) { CellReference = at });
                    break;
                case var other:
                    var text = other as string ?? Convert.ToString(other, CultureInfo.InvariantCulture) ?? "";
                    writer.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
                    {
                        CellReference = at, DataType = CellValues.InlineString, StyleIndex = LooksLikeFormula(text) ? 1u : null,
                    });
                    break;
            }
        }
        writer.WriteEndElement();
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);
}
