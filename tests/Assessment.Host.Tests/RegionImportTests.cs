using System.Net;
using System.Text;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

[Collection(ServiceCollection.Name)]
public class RegionImportTests(ServiceFixture service)
{
    private const string Header = "code,name,level,parentCode,secretary,members\n";
    // A new township under a stored county: present in every bad file, so "nothing stored" is checked.
    private const string GoodRow = "370322104000,新建镇,township,370322000000,,\n";
    private const string GoodCode = "370322104000";

    [Fact]
    public async Task Imported_regions_and_villages_read_back_with_their_chinese_names()
    {
        using var client = await service.ClientAsAsync("prov");
        var village = await (await client.GetAsync($"/api/villages/{Province.VillageA}")).ShouldBeOkAsync();
        village.GetProperty("name").GetString().Should().Be("大街村");
        village.GetProperty("secretary").GetString().Should().Be("王建国");
        village.GetProperty("members").GetInt32().Should().Be(56);
        village.GetProperty("countyCode").GetString().Should().Be(Province.CountyA);
        // Null until a cycle is published (other tests of this collection may have published one).
        var history = village.GetProperty("history").EnumerateArray().ToList();
        if (history.Count == 0) village.GetProperty("tier").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        else village.GetProperty("tier").GetString().Should().Be(history[^1].GetProperty("tier").GetString());

        var county = await (await client.GetAsync($"/api/regions/{Province.CountyA}")).ShouldBeOkAsync();
        county.GetProperty("name").GetString().Should().Be("高青县");
        county.GetProperty("level").GetString().Should().Be("county");
        county.GetProperty("parentCode").GetString().Should().Be(Province.CityA);

        // 沂源县: no other test adds regions there.
        var children = await (await client.GetAsync($"/api/regions/{Province.CountyB}/children")).ShouldBeOkAsync();
        children.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Should().Equal("南麻街道");
        children.GetProperty("next").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Children_page_by_code_with_a_cursor()
    {
        using var client = await service.ClientAsAsync("prov");
        var first = await (await client.GetAsync($"/api/regions/{Province.Code}/children?limit=1")).ShouldBeOkAsync();
        first.GetProperty("items").EnumerateArray().Single().GetProperty("code").GetString().Should().Be(Province.CityA);
        var next = first.GetProperty("next").GetString();
        next.Should().NotBeNull();
        var second = await (await client.GetAsync($"/api/regions/{Province.Code}/children?limit=1&after={next}")).ShouldBeOkAsync();
        second.GetProperty("items").EnumerateArray().Single().GetProperty("code").GetString().Should().Be(Province.CityB);
        second.GetProperty("next").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_gb18030_file_with_its_charset_keeps_its_chinese_names()
    {
        using var admin = await service.AdminAsync();
        var csv = Header + "370322105000,花沟镇,township,370322000000,,\n370322105201,前进村,village,370322105000,马建华,27\n";
        var response = await admin.PostAsync("/api/regions:import", Province.CsvContent(csv, "gb18030"));
        (await response.ShouldBeOkAsync()).GetProperty("imported").GetInt32().Should().Be(2);
        var village = await (await admin.GetAsync("/api/villages/370322105201")).ShouldBeOkAsync();
        village.GetProperty("name").GetString().Should().Be("前进村");
        village.GetProperty("secretary").GetString().Should().Be("马建华");
    }

    [Fact]
    public async Task Importing_again_updates_a_village()
    {
        using var admin = await service.AdminAsync();
        var csv = Header + "370322106000,常家镇,township,370322000000,,\n370322106201,常家村,village,370322106000,刘一,10\n";
        await (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv))).ShouldBeOkAsync();
        await (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv.Replace("刘一,10", "刘二,12")))).ShouldBeOkAsync();
        var village = await (await admin.GetAsync("/api/villages/370322106201")).ShouldBeOkAsync();
        village.GetProperty("secretary").GetString().Should().Be("刘二");
        village.GetProperty("members").GetInt32().Should().Be(12);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "3703221042,短码村,village,370322104000,,", "code", "12 digits" },
        { "370322109201,孤村,village,370322109000,,", "parentCode", "unknown" },
        { "370322104201,错层村,township,370322104000,,", "level", "wrong level" },
        { "370322104201,跳级村,village,370322000000,,", "parentCode", "cannot be the parent" },
        { "370322104201,,village,370322104000,,", "name", "empty" },
        { $"370322104201,{new string('长', 65)},village,370322104000,,", "name", "at most 64" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_named_and_nothing_is_stored(string row, string column, string reason)
    {
        using var admin = await service.AdminAsync();
        var response = await admin.PostAsync("/api/regions:import", Province.CsvContent(Header + GoodRow + row + "\n"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Row = 3, Column = column }, o => o.ExcludingMissingMembers());
        problem.Errors[0].Message.Should().Contain(reason);
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task Duplicate_codes_in_one_file_are_refused()
    {
        using var admin = await service.AdminAsync();
        var response = await admin.PostAsync("/api/regions:import", Province.CsvContent(Header + GoodRow + GoodRow));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().ContainSingle().Which.Message.Should().Contain("appears twice");
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task A_file_of_many_duplicate_rows_names_the_first_thousand_and_counts_them_all()
    {
        using var admin = await service.AdminAsync();
        var response = await admin.PostAsync("/api/regions:import", Province.CsvContent(Header + string.Concat(Enumerable.Repeat(GoodRow, 5001))));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().HaveCount(1000);
        problem.Errors[0].Row.Should().Be(3);
        problem.Detail.Should().Contain("The first 1,000 of 5,000 errors are listed");
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task Every_bad_row_is_listed_at_once()
    {
        using var admin = await service.AdminAsync();
        var csv = Header + GoodRow + "1,甲,village,,,\n" + "370322104202,,village,370322104000,,\n";
        var problem = await (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Select(e => e.Row).Distinct().Should().Equal(3, 4);
        problem.Detail.Should().Contain("row 3, 4");
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task A_missing_column_is_a_malformed_request_naming_the_column()
    {
        using var admin = await service.AdminAsync();
        var response = await admin.PostAsync("/api/regions:import", Province.CsvContent("code,name,level\n370322104000,新建镇,township\n"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.Should().ContainSingle().Which.Column.Should().Be("parentCode");
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task A_file_that_is_not_csv_is_refused()
    {
        using var admin = await service.AdminAsync();
        var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);
        png.Headers.ContentType = new("text/csv");
        (await (await admin.PostAsync("/api/regions:import", png)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Detail.Should().Contain("not a CSV");

        var json = new StringContent("{\"code\":\"370322104000\"}", Encoding.UTF8, "application/json");
        (await (await admin.PostAsync("/api/regions:import", json)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType))
            .Detail.Should().Contain("text/csv");
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task A_gb18030_file_sent_as_utf8_is_an_encoding_error()
    {
        using var admin = await service.AdminAsync();
        var content = new ByteArrayContent(Province.Gb18030.GetBytes(Header + GoodRow));
        content.Headers.ContentType = new("text/csv");
        (await (await admin.PostAsync("/api/regions:import", content)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Detail.Should().Contain("encoding").And.Contain("gb18030");
        await NothingStoredAsync(admin);
    }

    [Fact]
    public async Task A_body_over_16_MiB_is_413()
    {
        using var admin = await service.AdminAsync();
        var filler = new StringBuilder(Header + GoodRow);
        while (filler.Length <= 16 * 1024 * 1024 + 10) filler.Append("370322104201,填充村,village,370322104000,,\n");
        var response = await admin.PostAsync("/api/regions:import", Province.CsvContent(filler.ToString()));
        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await NothingStoredAsync(admin);
    }

    private static async Task NothingStoredAsync(HttpClient client) =>
        (await client.GetAsync($"/api/regions/{GoodCode}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a refused file stores nothing");
}
