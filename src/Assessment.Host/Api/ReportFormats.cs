using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

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

    public static byte[] ToXlsx(ReportTable table)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string path, string xml)
            {
                using var w = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
                w.Write(xml);
            }
            const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            Part("[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>" +
                "</Types>");
            Part("_rels/.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Part("xl/workbook.xml",
                $"<workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets><sheet name=\"{SecurityElement.Escape(table.Name[..Math.Min(31, table.Name.Length)])}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                $"<Relationship Id=\"rId2\" Type=\"{rel}/styles\" Target=\"styles.xml\"/></Relationships>");
            // Style 1 is quotePrefix: the cell is text even if it starts like a formula.
            Part("xl/styles.xml",
                $"<styleSheet xmlns=\"{main}\"><fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>" +
                "<cellStyleXfs count=\"1\"><xf/></cellStyleXfs><cellXfs count=\"2\"><xf xfId=\"0\"/><xf xfId=\"0\" quotePrefix=\"1\"/></cellXfs></styleSheet>");

            var sheet = new StringBuilder($"<worksheet xmlns=\"{main}\"><sheetData>");
            var rows = new List<IReadOnlyList<object?>> { table.Headers.Cast<object?>().ToList() };
            rows.AddRange(table.Rows);
            for (var r = 0; r < rows.Count; r++)
            {
                sheet.Append($"<row r=\"{r + 1}\">");
                for (var c = 0; c < rows[r].Count; c++)
                {
                    var at = Column(c) + (r + 1);
                    switch (rows[r][c])
                    {
                        case null: break;
                        case string text:
                            sheet.Append($"<c r=\"{at}\" t=\"inlineStr\"{(LooksLikeFormula(text) ? " s=\"1\"" : "")}><is><t xml:space=\"preserve\">{SecurityElement.Escape(text)}</t></is></c>");
                            break;
                        case var number:
                            sheet.Append($"<c r=\"{at}\"><v>{Convert.ToString(number, CultureInfo.InvariantCulture)}</v></c>");
                            break;
                    }
                }
                sheet.Append("</row>");
            }
            sheet.Append("</sheetData></worksheet>");
            Part("xl/worksheets/sheet1.xml", sheet.ToString());
        }
        return buffer.ToArray();
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);
}
