using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// Hand-made workbooks for uploads, including the ones a library like MiniExcel would not write
/// (a formula, merged cells). Text goes to the shared string table, as Excel saves it.
/// </summary>
public static class Workbooks
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A workbook whose first sheet holds <paramref name="rows"/> from A1; "=…" is a formula, bool a boolean cell, numbers numbers.</summary>
    public static byte[] Build(IReadOnlyList<object?[]> rows, string? merge = null)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = new List<string>();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = (char)('A' + c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                    switch (rows[r][c])
                    {
                        case null: break;
                        case string s when s.StartsWith('='):
                            row.Append(new Cell(new CellFormula(s[1..]), new CellValue("0")) { CellReference = reference });
                            break;
                        case string s:
                            var index = strings.IndexOf(s);
                            if (index < 0) { strings.Add(s); index = strings.Count - 1; }
                            row.Append(new Cell(new CellValue(index.ToString(CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.SharedString });
                            break;
                        case bool b:
                            row.Append(new Cell(new CellValue(b ? "1" : "0")) { CellReference = reference, DataType = CellValues.Boolean });
                            break;
                        case var n:
                            row.Append(new Cell(new CellValue(Convert.ToString(n, CultureInfo.InvariantCulture)!)) { CellReference = reference });
                            break;
                    }
                }
                data.Append(row);
            }
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var worksheet = new Worksheet(data);
            if (merge is not null) worksheet.Append(new MergeCells(new MergeCell { Reference = merge }) { Count = 1 });
            sheet.Worksheet = worksheet;
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s))));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Sheet1", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }
        return buffer.ToArray();
    }

    public static HttpContent Content(byte[] bytes) =>
        new ByteArrayContent(bytes) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Xlsx) } };
}
