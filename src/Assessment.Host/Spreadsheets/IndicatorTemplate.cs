using System.Globalization;
using System.Text;
using Assessment.Domain.Indicators;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Assessment.Host.Spreadsheets;

/// <summary>One village of a county's template: its code, township and name.</summary>
public sealed record TemplateVillage(string Code, string Township, string Name);

/// <summary>
/// A county's indicator template (填报模板) for a cycle: a row per village (code, township, name), a
/// column per indicator headed by its Chinese name, with the code, unit and valid values in the
/// header's comment and as Excel data validation (是/否 lists for booleans, ranges for numbers), and
/// the current values filled in. It is the wide layout <see cref="IndicatorFile"/> reads, so the
/// file, filled in, imports as it is.
/// </summary>
public static class IndicatorTemplate
{
    private const int Fixed = 3; // 村庄代码, 乡镇, 村名

    public static byte[] Write(string cycle, string county, IndicatorCatalog catalog, IReadOnlyList<TemplateVillage> villages,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IndicatorValue>> current)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var indicators = catalog.Indicators;
            var last = villages.Count + 1;

            var header = new List<string> { IndicatorFile.VillageColumns[1], IndicatorFile.DescriptionColumns[2], IndicatorFile.DescriptionColumns[3] };
            header.AddRange(indicators.Select(i => i.NameZh));
            header.Add(IndicatorFile.NoteColumns[1]);

            var data = new SheetData(new Row(header.Select((h, c) => Text(c, 1, h))) { RowIndex = 1 });
            for (var v = 0; v < villages.Count; v++)
            {
                var village = villages[v];
                var r = (uint)(v + 2);
                var row = new Row { RowIndex = r };
                row.Append(Text(0, r, village.Code), Text(1, r, village.Township), Text(2, r, village.Name));
                var values = current.GetValueOrDefault(village.Code);
                for (var i = 0; i < indicators.Count; i++)
                {
                    if (values is null || !values.TryGetValue(indicators[i].Code, out var value)) continue;
                    row.Append(value.Number is { } n ? Number(Fixed + i, r, n) : Text(Fixed + i, r, value.Flag == true ? "是" : "否"));
                }
                data.Append(row);
            }

            var validations = new DataValidations();
            for (var i = 0; i < indicators.Count; i++)
            {
                if (Validation(indicators[i], $"{XlsxReader.ColumnName(Fixed + i)}2:{XlsxReader.ColumnName(Fixed + i)}{Math.Max(last, 2)}") is { } validation)
                    validations.Append(validation);
            }
            validations.Count = (uint)validations.ChildElements.Count;

            var columns = new Columns(
                new Column { Min = 1, Max = 1, Width = 16, CustomWidth = true },
                new Column { Min = 2, Max = 3, Width = 14, CustomWidth = true },
                new Column { Min = Fixed + 1, Max = (uint)(Fixed + indicators.Count), Width = 14, CustomWidth = true },
                new Column { Min = (uint)(Fixed + indicators.Count + 1), Max = (uint)(Fixed + indicators.Count + 1), Width = 30, CustomWidth = true });
            // The header row and the village columns stay in view while the officer scrolls.
            var views = new SheetViews(new SheetView(new Pane
            {
                HorizontalSplit = Fixed, VerticalSplit = 1, TopLeftCell = XlsxReader.ColumnName(Fixed) + "2",
                ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 });

            var worksheet = new Worksheet(views, columns, data);
            if (validations.Count > 0) worksheet.Append(validations);

            // Header comments: the code, unit and valid values of each indicator. Excel shows a comment
            // through its legacy VML shape, so both parts are written.
            var comments = sheetPart.AddNewPart<WorksheetCommentsPart>();
            var list = new CommentList();
            for (var i = 0; i < indicators.Count; i++)
            {
                list.Append(new Comment(new CommentText(new Text(Note(indicators[i])) { Space = SpaceProcessingModeValues.Preserve }))
                {
                    Reference = XlsxReader.ColumnName(Fixed + i) + "1", AuthorId = 0,
                });
            }
            comments.Comments = new Comments(new Authors(new Author("Assessment")), list);
            var vml = sheetPart.AddNewPart<VmlDrawingPart>();
            using (var stream = vml.GetStream(FileMode.Create)) stream.Write(Encoding.UTF8.GetBytes(Shapes(indicators.Count)));
            worksheet.Append(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
            worksheet.Append(new LegacyDrawing { Id = sheetPart.GetIdOfPart(vml) });
            sheetPart.Worksheet = worksheet;

            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = $"{cycle}-{county}", SheetId = 1, Id = workbook.GetIdOfPart(sheetPart) }));
        }
        return buffer.ToArray();
    }

    /// <summary>The header comment: code, unit and what is valid, in Chinese and English.</summary>
    public static string Note(Indicator indicator)
    {
        var unit = Unit(indicator);
        return $"{indicator.Code}\n{indicator.NameEn}\n单位 unit: {unit}\n有效值 valid: {indicator.Allowed}" +
            (indicator.Kind == IndicatorKind.Veto ? "\n一票否决 veto" : "");
    }

    /// <summary>A catalog has no unit field; the name carries it in brackets (党员参训率(%), 收入(万元)), else the kind says it.</summary>
    private static string Unit(Indicator indicator) =>
        indicator.Kind != IndicatorKind.Number ? "是/否 yes/no" : indicator.UnitInName() ?? (indicator.Whole ? "个/次 count" : "数值 number");

    private static DataValidation? Validation(Indicator indicator, string cells)
    {
        var validation = new DataValidation
        {
            AllowBlank = true, ShowErrorMessage = true, ShowInputMessage = true,
            ErrorTitle = indicator.NameZh.Length > 32 ? indicator.NameZh[..32] : indicator.NameZh,
            Error = $"{indicator.Code}: {indicator.Allowed}",
            SequenceOfReferences = new ListValue<StringValue> { InnerText = cells },
        };
        if (indicator.Kind != IndicatorKind.Number)
        {
            validation.Type = DataValidationValues.List;
            validation.Append(new Formula1("\"是,否\""));
            return validation;
        }
        validation.Type = indicator.Whole ? DataValidationValues.Whole : DataValidationValues.Decimal;
        string Shown(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        switch (indicator.Min, indicator.Max)
        {
            case ({ } lo, { } hi):
                validation.Operator = DataValidationOperatorValues.Between;
                validation.Append(new Formula1(Shown(lo)), new Formula2(Shown(hi)));
                break;
            case ({ } lo, null):
                validation.Operator = DataValidationOperatorValues.GreaterThanOrEqual;
                validation.Append(new Formula1(Shown(lo)));
                break;
            case (null, { } hi):
                validation.Operator = DataValidationOperatorValues.LessThanOrEqual;
                validation.Append(new Formula1(Shown(hi)));
                break;
            default:
                // Any number: Excel still refuses text in the cell.
                validation.Operator = DataValidationOperatorValues.Between;
                validation.Append(new Formula1("-1E+300"), new Formula2("1E+300"));
                break;
        }
        return validation;
    }

    private static Cell Text(int column, uint row, string text) => new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
    {
        CellReference = XlsxReader.ColumnName(column) + row, DataType = CellValues.InlineString,
    };

    private static Cell Number(int column, uint row, decimal number) => new(new CellValue(number.ToString(CultureInfo.InvariantCulture)))
    {
        CellReference = XlsxReader.ColumnName(column) + row,
    };

    /// <summary>The hidden VML note shapes Excel draws the header comments with, one per indicator column.</summary>
    private static string Shapes(int count)
    {
        var sb = new StringBuilder("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">" +
            "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"1\"/></o:shapelayout>" +
            "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>");
        for (var i = 0; i < count; i++)
        {
            var column = Fixed + i;
            sb.Append(CultureInfo.InvariantCulture, $"<v:shape id=\"_x0000_s{1025 + i}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:180pt;height:80pt;z-index:{i + 1};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">")
              .Append("<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>")
              .Append(CultureInfo.InvariantCulture, $"<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{column + 1}, 15, 0, 2, {column + 4}, 15, 5, 16</x:Anchor><x:AutoFill>False</x:AutoFill>")
              .Append(CultureInfo.InvariantCulture, $"<x:Row>0</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>");
        }
        return sb.Append("</xml>").ToString();
    }
}
