using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using MiniExcelLibs;

namespace Assessment.Host.Tests;

/// <summary>
/// A county's XLSX template: its villages, a column per indicator with unit and range in the header's
/// comment and as data validation, the current values filled in; filled in by another library
/// (MiniExcel), it imports as it is.
/// </summary>
[Collection(ServiceCollection.Name)]
public class TemplateTests(ServiceFixture service)
{
    private static string[] CountyAVillages => Province.Villages.Where(v => v.StartsWith("370322", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task A_template_filled_in_with_another_library_imports_and_every_value_is_in_the_ledger()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{Province.VillageA}/indicators",
            new { values = new { new_members = 1, cooperative_led = true, collective_income = 7.25 } })).ShouldBeOkAsync();

        var response = await county.GetAsync($"/api/cycles/{id}/template?county={Province.CountyA}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(Workbooks.Xlsx);
        var template = await response.Content.ReadAsByteArrayAsync();

        // What the officer sees in Excel: the header with its comments and validation, the current values.
        using (var document = SpreadsheetDocument.Open(new MemoryStream(template), false))
        {
            var sheet = document.WorkbookPart!.WorksheetParts.Single();
            var header = sheet.Worksheet.Descendants<Row>().First().Elements<Cell>().Select(c => c.InnerText).ToList();
            header.Take(4).Should().Equal("村庄代码", "乡镇", "村名", "书记年度培训学时");
            header.Should().Contain("党员参训率(%)").And.EndWith("备注").And.HaveCount(3 + 18 + 1);
            var comments = sheet.WorksheetCommentsPart!.Comments.Descendants<Comment>().ToDictionary(c => c.Reference!.Value!, c => c.InnerText);
            var rate = XlsxColumn(header.IndexOf("党员参训率(%)")) + "1";
            comments[rate].Should().Contain("member_training_rate").And.Contain("%").And.Contain("from 0 to 100");
            comments[XlsxColumn(header.IndexOf("后备力量人数")) + "1"].Should().Contain("a whole number, 0 or more");
            var validations = sheet.Worksheet.Descendants<DataValidation>().ToList();
            var cooperative = XlsxColumn(header.IndexOf("党支部领办合作社"));
            validations.Should().Contain(v => v.Type!.Value == DataValidationValues.List && (v.SequenceOfReferences!.InnerText ?? "").StartsWith(cooperative + "2") && v.Formula1!.Text == "\"是,否\"");
            var rateColumn = XlsxColumn(header.IndexOf("党员参训率(%)"));
            validations.Should().Contain(v => v.Type!.Value == DataValidationValues.Decimal && v.Operator!.Value == DataValidationOperatorValues.Between
                && (v.SequenceOfReferences!.InnerText ?? "").StartsWith(rateColumn + "2") && v.Formula1!.Text == "0" && v.Formula2!.Text == "100");
            var reserve = XlsxColumn(header.IndexOf("后备力量人数"));
            validations.Should().Contain(v => v.Type!.Value == DataValidationValues.Whole && v.Operator!.Value == DataValidationOperatorValues.GreaterThanOrEqual
                && (v.SequenceOfReferences!.InnerText ?? "").StartsWith(reserve + "2"));
        }

        // Filled in by MiniExcel, as an officer's own tool would: every village, every indicator.
        var rows = MiniExcel.Query(new MemoryStream(template), useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().ToList();
        var villages = rows.Select(r => (string)r["村庄代码"]!).ToList();
        villages.Should().Contain(CountyAVillages).And.OnlyContain(v => v.StartsWith("370322", StringComparison.Ordinal));
        var a = rows.Single(r => (string)r["村庄代码"]! == Province.VillageA);
        a["乡镇"].Should().Be("田镇街道");
        a["村名"].Should().Be("大街村");
        Convert.ToDecimal(a["年度发展党员数"], CultureInfo.InvariantCulture).Should().Be(1, "the current value is filled in");
        a["党支部领办合作社"].Should().Be("是");
        Convert.ToDecimal(a["村集体经营性收入(万元)"], CultureInfo.InvariantCulture).Should().Be(7.25m);

        var expected = new Dictionary<string, Dictionary<string, string>>();
        var filled = new List<Dictionary<string, object?>>();
        for (var n = 0; n < rows.Count; n++)
        {
            var values = Filled(n);
            expected[villages[n]] = values.ToDictionary(v => v.Key, v => v.Value switch
            {
                "是" or true => "true",
                "否" or false => "false",
                decimal d => d.ToString("G29", CultureInfo.InvariantCulture), // 24.50 is the number 24.5
                var x => Convert.ToString(x, CultureInfo.InvariantCulture)!,
            });
            var row = new Dictionary<string, object?>();
            foreach (var (column, cell) in rows[n])
                row[column] = NameToCode.TryGetValue(column, out var code) ? values[code] : column == "备注" ? $"填报{n}" : cell;
            filled.Add(row);
        }
        using var saved = new MemoryStream();
        MiniExcel.SaveAs(saved, filled, excelType: ExcelType.XLSX);

        var receipt = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Workbooks.Content(saved.ToArray()))).ShouldBeOkAsync();
        receipt.GetProperty("rows").GetInt32().Should().Be(rows.Count * 18);
        receipt.GetProperty("villages").GetInt32().Should().Be(rows.Count);

        foreach (var village in villages)
        {
            var ledger = await Cycles.LedgerAsync(county, village, id);
            var current = ledger.GroupBy(e => e.GetProperty("indicator").GetString()!)
                .ToDictionary(g => g.Key, g => g.Last().GetProperty("value").GetRawText());
            current.Should().BeEquivalentTo(expected[village], $"village {village}'s values are all in the ledger");
        }
    }

    [Fact]
    public async Task The_template_is_for_those_above_or_in_the_county_only()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var city = await service.ClientAsAsync("city");
        using var county = await service.ClientAsAsync("county");
        using var judge = await service.ClientAsAsync("judge");
        using var admin = await service.AdminAsync();
        var id = await Cycles.CreateAsync(prov);
        string Url(string c) => $"/api/cycles/{id}/template?county={c}";

        await (await county.GetAsync(Url(Province.CountyB))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await city.GetAsync(Url(Province.CountyC))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await judge.GetAsync(Url(Province.CountyA))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await city.GetAsync(Url(Province.CountyB))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await prov.GetAsync(Url(Province.CountyC))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync(Url(Province.CountyA))).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await prov.GetAsync(Url("370399000000"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await prov.GetAsync(Url(Province.VillageA))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await prov.GetAsync($"/api/cycles/{Cycles.NewId()}/template?county={Province.CountyA}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await prov.GetAsync($"/api/cycles/{id}/template")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static readonly Dictionary<string, string> NameToCode = new()
    {
        ["书记年度培训学时"] = "secretary_training_hours", ["书记主任“一肩挑”"] = "committee_cross_serving", ["后备力量人数"] = "reserve_cadres",
        ["年度发展党员数"] = "new_members", ["党员参训率(%)"] = "member_training_rate", ["流动党员联系率(%)"] = "mobile_members_contacted_rate",
        ["“三会一课”开展次数"] = "three_meetings_one_lesson", ["主题党日次数"] = "theme_party_days", ["村集体经营性收入(万元)"] = "collective_income",
        ["党支部领办合作社"] = "cooperative_led", ["集体收入增长率(%)"] = "income_growth_rate", ["矛盾纠纷化解率(%)"] = "disputes_resolved_rate",
        ["越级上访件数"] = "petitions", ["网格党组织覆盖率(%)"] = "grid_coverage_rate", ["热线诉求满意率(%)"] = "hotline_satisfaction",
        ["入户走访覆盖率(%)"] = "households_visited_rate", ["严重违纪违法问题"] = "serious_violation", ["重大安全事故"] = "major_safety_incident",
    };

    /// <summary>A valid value of every indicator for the n-th village: numbers (some with decimals), 是/否 text and real booleans.</summary>
    private static Dictionary<string, object> Filled(int n) => new()
    {
        ["secretary_training_hours"] = 30.5m + n, ["committee_cross_serving"] = n % 2 == 0 ? "是" : "否", ["reserve_cadres"] = 1 + n,
        ["new_members"] = 2, ["member_training_rate"] = 90 + n, ["mobile_members_contacted_rate"] = 75.5m, ["three_meetings_one_lesson"] = 20 + n,
        ["theme_party_days"] = 12, ["collective_income"] = 12.25m * (n + 1), ["cooperative_led"] = n % 2 == 1 ? "是" : "否",
        ["income_growth_rate"] = -3.5m, ["disputes_resolved_rate"] = 100, ["petitions"] = n, ["grid_coverage_rate"] = 80,
        ["hotline_satisfaction"] = 95, ["households_visited_rate"] = 60 + n, ["serious_violation"] = false, ["major_safety_incident"] = n == 1,
    };

    private static string XlsxColumn(int index) => index < 26 ? ((char)('A' + index)).ToString() : XlsxColumn(index / 26 - 1) + (char)('A' + index % 26);
}
