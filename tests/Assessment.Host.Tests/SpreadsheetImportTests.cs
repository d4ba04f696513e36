using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// Indicator and region files as Excel workbooks and in the wide layout (a row per village, a column
/// per indicator): the same all-or-nothing rules, error lists and idempotency as the long CSV.
/// </summary>
[Collection(ServiceCollection.Name)]
public class SpreadsheetImportTests(ServiceFixture service)
{
    // 测试县 under 淄博市: a county of this class's own, imported from a workbook.
    private const string County = "370381000000";
    private const string Township = "370381100000";
    private const string A = "370381100201";
    private const string B = "370381100202";
    private const string C = "370381100203";

    private static readonly object?[][] RegionRows =
    [
        ["code", "name", "level", "parentCode", "secretary", "members"],
        [County, "测试县", "county", Province.CityA, null, null],
        [Township, "一号镇", "township", County, null, null],
        // Excel keeps a typed-in code as a number: 370381100201 must still be read as the code.
        [370381100201L, "甲村", "village", Township, "张三", 30],
        [B, "乙村", "village", Township, "李四", 25],
        [C, "丙村", "village", Township, null, null],
    ];

    /// <summary>The county imported from XLSX, and a county officer of it.</summary>
    private async Task<HttpClient> CountyOfficerAsync()
    {
        using var admin = await service.AdminAsync();
        (await (await admin.PostAsync("/api/regions:import", Workbooks.Content(Workbooks.Build(RegionRows)))).ShouldBeOkAsync())
            .GetProperty("imported").GetInt32().Should().Be(5);
        var created = await admin.PostAsJsonAsync("/api/users", new { username = "xlsx-county", password = ServiceFixture.Password, role = "county", regionCode = County });
        created.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        return await service.Host.ClientAsAsync("xlsx-county", ServiceFixture.Password);
    }

    private static async Task<Dictionary<string, string>> ValuesAsync(HttpClient client, string village, string cycle) =>
        (await Cycles.LedgerAsync(client, village, cycle)).ToDictionary(e => e.GetProperty("indicator").GetString()!, e => e.GetProperty("value").GetRawText());

    [Fact]
    public async Task A_region_file_imports_from_a_workbook_with_its_chinese_names_and_numeric_codes()
    {
        using var county = await CountyOfficerAsync();
        var village = await (await county.GetAsync($"/api/villages/{A}")).ShouldBeOkAsync();
        village.GetProperty("name").GetString().Should().Be("甲村");
        village.GetProperty("secretary").GetString().Should().Be("张三");
        village.GetProperty("members").GetInt32().Should().Be(30);
        (await (await county.GetAsync($"/api/regions/{County}")).ShouldBeOkAsync()).GetProperty("name").GetString().Should().Be("测试县");

        using var admin = await service.AdminAsync();
        var bad = Workbooks.Build([RegionRows[0], [Township, "一号镇", "township", County, null, null], ["370381100204", "丁村", "hamlet", Township, null, null]]);
        var problem = await (await admin.PostAsync("/api/regions:import", Workbooks.Content(bad))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().Contain(e => e.Row == 3 && e.Column == "level");
        await (await admin.GetAsync("/api/regions/370381100204")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wide_CSV_with_codes_and_chinese_names_as_headers_puts_every_value_in_the_ledger()
    {
        using var county = await CountyOfficerAsync();
        using var prov = await service.ClientAsAsync("prov");
        var id = await Cycles.CreateAsync(prov);
        var csv = "村庄代码,村名,new_members,党支部领办合作社,村集体经营性收入(万元),serious_violation,备注\n" +
                  $"{A},甲村,2,是,12.5,false,年底核实\n" +
                  $"{B},乙村,,否,,,\n" +
                  $"{C},丙村,,,,,\n";
        var receipt = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv))).ShouldBeOkAsync();
        receipt.GetProperty("rows").GetInt32().Should().Be(5);
        receipt.GetProperty("villages").GetInt32().Should().Be(2);

        (await ValuesAsync(county, A, id)).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["new_members"] = "2", ["cooperative_led"] = "true", ["collective_income"] = "12.5", ["serious_violation"] = "false",
        });
        (await Cycles.LedgerAsync(county, A, id)).Should().OnlyContain(e => e.GetProperty("note").GetString() == "年底核实");
        (await ValuesAsync(county, B, id)).Should().BeEquivalentTo(new Dictionary<string, string> { ["cooperative_led"] = "false" });
        (await ValuesAsync(county, C, id)).Should().BeEmpty("empty cells are no values");
    }

    [Fact]
    public async Task A_wide_workbook_imports_and_sending_it_again_changes_nothing()
    {
        using var county = await CountyOfficerAsync();
        using var prov = await service.ClientAsAsync("prov");
        var id = await Cycles.CreateAsync(prov);
        var workbook = Workbooks.Build(
        [
            ["village", "township", "theme_party_days", "党员参训率(%)", "committee_cross_serving"],
            [A, "一号镇", 12, 95.5, true],
            [B, "一号镇", 3, 0.1 + 0.2, "否"],
        ]);
        var first = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Workbooks.Content(workbook))).ShouldBeOkAsync();
        first.GetProperty("rows").GetInt32().Should().Be(6);
        first.GetProperty("villages").GetInt32().Should().Be(2);
        (await ValuesAsync(county, A, id)).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["theme_party_days"] = "12", ["member_training_rate"] = "95.5", ["committee_cross_serving"] = "true",
        });
        // 0.1 + 0.2 is 0.30000000000000004 as a double; Excel shows (and the import takes) 0.3.
        (await ValuesAsync(county, B, id))["member_training_rate"].Should().Be("0.3");

        var again = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Workbooks.Content(workbook))).ShouldBeOkAsync();
        again.GetRawText().Should().Be(first.GetRawText(), "the same file answers with the first receipt");
        (await Cycles.LedgerAsync(county, A, id)).Should().HaveCount(3, "nothing is counted twice");
        (await Cycles.LedgerAsync(county, B, id)).Should().HaveCount(3);
    }

    public static TheoryData<string, byte[], int?, string?, string> BadWorkbooks => new()
    {
        {
            "a bad row",
            Workbooks.Build([["village", "new_members", "cooperative_led"], [A, 2, "是"], [B, 2.5, "maybe"]]),
            3, "new_members", "not a whole number"
        },
        {
            "a merged header",
            Workbooks.Build([["village", "new_members", null], [A, 2, null]], merge: "B1:C1"),
            1, "B", "merged"
        },
        {
            "a formula",
            Workbooks.Build([["village", "new_members", "theme_party_days"], [A, 2, 3], [B, 1, "=SUM(B2:B3)"]]),
            3, "C", "paste it as values"
        },
        {
            "an empty sheet",
            Workbooks.Build([]),
            1, "A", "empty"
        },
        {
            "a CSV sent as a workbook",
            System.Text.Encoding.UTF8.GetBytes($"village,indicator,value\n{A},new_members,2\n"),
            null, null, "not an XLSX workbook"
        },
        {
            "a zip that is no workbook",
            ZipOf("readme.txt", "hello"),
            null, null, "holds no workbook"
        },
    };

    [Theory]
    [MemberData(nameof(BadWorkbooks))]
    public async Task A_workbook_that_cannot_be_taken_is_refused_naming_row_and_column_and_changes_nothing(string what, byte[] file, int? row, string? column, string reason)
    {
        using var county = await CountyOfficerAsync();
        using var prov = await service.ClientAsAsync("prov");
        var id = await Cycles.CreateAsync(prov);
        var problem = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Workbooks.Content(file))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (problem.Detail + string.Concat(problem.Errors.Select(e => e.Message))).Should().Contain(reason, what);
        if (row is not null)
        {
            problem.Errors.Should().Contain(e => e.Row == row && e.Column == column, what);
            if (column!.Length == 1) problem.Errors.Should().Contain(e => e.Message.Contains($"row {row}, column {column}"), what);
        }
        (await Cycles.LedgerAsync(county, A, id)).Should().BeEmpty(what);
        (await Cycles.LedgerAsync(county, B, id)).Should().BeEmpty(what);
    }

    [Fact]
    public async Task Another_content_type_is_refused_with_415_naming_CSV_and_XLSX()
    {
        using var county = await CountyOfficerAsync();
        using var prov = await service.ClientAsAsync("prov");
        var id = await Cycles.CreateAsync(prov);
        var body = new ByteArrayContent(Workbooks.Build([["village", "new_members"], [A, 2]])) { Headers = { ContentType = new("application/vnd.ms-excel") } };
        var problem = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", body)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.Detail.Should().Contain("text/csv").And.Contain(Workbooks.Xlsx);
    }

    private static byte[] ZipOf(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(name).Open())) writer.Write(text);
        return buffer.ToArray();
    }
}
