using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

[Collection(ServiceCollection.Name)]
public class IndicatorTests(ServiceFixture service)
{
    private const string V1 = Province.VillageA;      // 大街村, 高青县
    private const string V2 = "370322102202";         // 小街村, 高青县
    private const string Header = "village,indicator,value,note\n";

    [Fact]
    public async Task The_default_catalog_is_the_one_of_the_spec()
    {
        using var prov = await service.ClientAsAsync("prov");
        var id = await Cycles.CreateAsync(prov);
        var catalog = (await (await prov.GetAsync($"/api/cycles/{id}/catalog")).ShouldBeOkAsync()).GetProperty("items").EnumerateArray().ToList();
        catalog.Should().HaveCount(18);
        catalog.Where(i => i.GetProperty("kind").GetString() != "veto").Sum(i => i.GetProperty("weight").GetDecimal()).Should().Be(100);
        var petitions = catalog.Single(i => i.GetProperty("code").GetString() == "petitions");
        petitions.GetProperty("nameZh").GetString().Should().Be("越级上访件数");
        petitions.GetProperty("floor").GetDecimal().Should().Be(5);
        petitions.GetProperty("target").GetDecimal().Should().Be(0);
        petitions.GetProperty("whole").GetBoolean().Should().BeTrue();
        catalog.Select(i => i.GetProperty("code").GetString()).Should().Contain(["serious_violation", "major_safety_incident", "collective_income"]);
        var cycle = await (await prov.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync();
        cycle.GetProperty("phase").GetString().Should().Be("Open");
        cycle.GetProperty("thresholds").GetProperty("enterDemonstration").GetDecimal().Should().Be(85);
    }

    public static TheoryData<object, string> BadCatalogs => new()
    {
        { new[] { new { code = "a", nameZh = "甲", nameEn = "A", category = "x", kind = "boolean", weight = 60 } }, "sum to 60" },
        { new[] { new { code = "a", nameZh = "甲", nameEn = "A", category = "x", kind = "number", weight = 100, floor = 5, target = 5 } }, "must differ" },
        { new object[] { new { code = "a", nameZh = "甲", nameEn = "A", category = "x", kind = "boolean", weight = 50 }, new { code = "a", nameZh = "乙", nameEn = "B", category = "x", kind = "boolean", weight = 50 } }, "twice" },
    };

    [Theory]
    [MemberData(nameof(BadCatalogs))]
    public async Task A_cycle_with_an_invalid_catalog_is_refused(object catalog, string reason)
    {
        using var prov = await service.ClientAsAsync("prov");
        var response = await prov.PostAsJsonAsync("/api/cycles", new { id = Cycles.NewId(), catalog });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().Contain(e => e.Message.Contains(reason));
    }

    [Fact]
    public async Task A_form_entry_is_appended_to_the_ledger_with_the_value_it_replaced()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        var first = await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 2, cooperative_led = true }, note = "年中自查" });
        var body = await first.ShouldBeOkAsync();
        body.GetProperty("village").GetString().Should().Be(V1);
        body.GetProperty("accepted").GetInt32().Should().Be(2);
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 3 } })).ShouldBeOkAsync();

        var ledger = await Cycles.LedgerAsync(county, V1, id);
        ledger.Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("value").GetRawText(), e.GetProperty("previousValue").GetRawText()))
            .Should().Equal(("cooperative_led", "true", "null"), ("new_members", "2", "null"), ("new_members", "3", "2"));
        ledger[0].GetProperty("user").GetString().Should().Be("county");
        ledger[0].GetProperty("note").GetString().Should().Be("年中自查");
        ledger[0].GetProperty("cycle").GetString().Should().Be(id);
    }

    [Fact]
    public async Task A_county_file_imports_and_the_ledger_and_completeness_show_it()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        var csv = Header + $"{V1},new_members,2,\n{V1},cooperative_led,是,领办合作社\n{V2},member_training_rate,87.5,\n";
        var result = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv, bom: true))).ShouldBeOkAsync();
        result.GetProperty("rows").GetInt32().Should().Be(3);
        result.GetProperty("villages").GetInt32().Should().Be(2);

        (await Cycles.LedgerAsync(county, V1, id)).Select(e => e.GetProperty("value").GetRawText()).Should().Equal("2", "true");
        (await Cycles.LedgerAsync(county, V2, id)).Single().GetProperty("value").GetDecimal().Should().Be(87.5m);

        var report = await (await county.GetAsync($"/api/reports/completeness?cycle={id}&region={Province.CountyA}")).ShouldBeOkAsync();
        var township = report.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("region").GetString() == Province.TownshipA);
        township.GetProperty("entered").GetInt32().Should().Be(3);
        township.GetProperty("expected").GetInt32().Should().BeGreaterThanOrEqualTo(2 * 18);
        var province = await (await prov.GetAsync($"/api/reports/completeness?cycle={id}&region={Province.Code}")).ShouldBeOkAsync();
        province.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("region").GetString() == Province.CountyA)
            .GetProperty("entered").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task The_same_file_sent_again_changes_nothing_and_answers_as_the_first_time()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        var csv = Header + $"{V1},theme_party_days,12,\n{V2},theme_party_days,10,\n";
        var first = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv))).ShouldBeOkAsync();
        var again = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv))).ShouldBeOkAsync();
        again.ToString().Should().Be(first.ToString());
        (await Cycles.LedgerAsync(county, V1, id)).Should().ContainSingle();
    }

    [Fact]
    public async Task The_same_rows_with_a_bom_other_line_endings_or_in_gb18030_are_the_same_import()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        var csv = Header + $"{V1},theme_party_days,12,年中\n{V2},theme_party_days,10,\n";
        var first = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv))).ShouldBeOkAsync();
        foreach (var again in new[] { Cycles.Csv(csv, bom: true), Cycles.Csv(csv.Replace("\n", "\r\n")), Cycles.Csv(csv, "gb18030") })
            (await (await county.PostAsync($"/api/cycles/{id}/indicators:import", again)).ShouldBeOkAsync()).ToString().Should().Be(first.ToString());
        (await Cycles.LedgerAsync(county, V1, id)).Should().ContainSingle();

        // One changed cell is another import.
        await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv.Replace(",12,", ",13,")))).ShouldBeOkAsync();
        (await Cycles.LedgerAsync(county, V1, id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_file_of_many_bad_rows_lists_the_first_thousand_and_counts_them_all()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        var csv = Header + string.Concat(Enumerable.Repeat($"{V1},theme_party_days,-1,\n", 3000));
        var problem = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().HaveCount(1000);
        problem.Errors[0].Row.Should().Be(2);
        // Each row is out of range and (after the first) a repeat of the first: two errors a row but one.
        problem.Detail.Should().Contain("3,000 rows are invalid").And.Contain("The first 1,000 of 5,999 errors are listed");
        (await Cycles.LedgerAsync(county, V1, id)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_gb18030_file_keeps_its_chinese_notes()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        var csv = Header + $"{V1},collective_income,36.5,\"含光伏电站收益, 土地流转\"\n{V1},petitions,0,全年无越级上访\n";
        await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv, "gb18030"))).ShouldBeOkAsync();
        (await Cycles.LedgerAsync(county, V1, id)).Select(e => e.GetProperty("note").GetString())
            .Should().Equal("含光伏电站收益, 土地流转", "全年无越级上访");
    }

    [Fact]
    public async Task Two_officers_writing_one_village_at_once_lose_nothing()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var admin = await service.AdminAsync();
        var id = await Cycles.CreateAsync(prov);
        await (await admin.PostAsJsonAsync("/api/users", new { username = "county-peer", password = ServiceFixture.Password, role = "county", regionCode = Province.CountyA })).ShouldBeOkAsync(HttpStatusCode.Created);
        using var a = await service.ClientAsAsync("county");
        using var b = await service.ClientAsAsync("county-peer");
        var writes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? a : b).PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { reserve_cadres = i } })));
        writes.Should().OnlyContain(w => w.StatusCode == HttpStatusCode.OK);

        var ledger = await Cycles.LedgerAsync(a, V1, id);
        ledger.Should().HaveCount(10);
        ledger.Select(e => e.GetProperty("value").GetInt32()).Should().BeEquivalentTo(Enumerable.Range(0, 10));
        // Each entry replaced the one before it: no write saw a stale current value.
        for (var i = 1; i < ledger.Count; i++)
            ledger[i].GetProperty("previousValue").GetInt32().Should().Be(ledger[i - 1].GetProperty("value").GetInt32());
        ledger.Select(e => e.GetProperty("user").GetString()).Distinct().Should().BeEquivalentTo(["county", "county-peer"]);
    }

    [Fact]
    public async Task Data_entry_into_a_frozen_cycle_is_409_and_reopen_allows_it_again()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        (await (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).ShouldBeOkAsync()).GetProperty("phase").GetString().Should().Be("Frozen");
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 1 } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(Header + $"{V1},new_members,1,\n"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await Cycles.LedgerAsync(county, V1, id)).Should().BeEmpty();

        (await (await prov.PostAsync($"/api/cycles/{id}/reopen", null)).ShouldBeOkAsync()).GetProperty("phase").GetString().Should().Be("Open");
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 1 } })).ShouldBeOkAsync();
    }

    [Fact]
    public async Task A_cycle_freezes_itself_at_closesAt()
    {
        using var prov = await service.ClientAsAsync("prov");
        using var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov, new { closesAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 1 } })).ShouldBeOkAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);
        (await (await prov.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync()).GetProperty("phase").GetString().Should().Be("Frozen");
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 2 } })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { $"370322188201,new_members,1,", "village", "unknown" },
        { $"{Province.VillageB},new_members,1,", "village", "not in county" },
        { $"{V1},bogus_code,1,", "indicator", "not an indicator" },
        { $"{V1},new_members,-1,", "value", "out of range" },
        { $"{V1},new_members,2.5,", "value", "not a whole number" },
        { $"{V1},member_training_rate,100.5,", "value", "out of range" },
        { $"{V1},collective_income,三十,", "value", "not a number" },
        { $"{V1},cooperative_led,maybe,", "value", "not true or false" },
        { $"{V1},new_members,,", "value", "has no value" },
        { $"{V1},theme_party_days,3,\n{V1},theme_party_days,4,", "indicator", "appears twice" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_named_and_nothing_is_applied(string rows, string column, string reason)
    {
        var (id, county, before) = await CycleWithOneValueAsync();
        var csv = Header + $"{V2},new_members,1,\n" + rows + "\n";
        var problem = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(csv))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var error = problem.Errors.Should().ContainSingle().Subject;
        error.Column.Should().Be(column);
        error.Row.Should().BeGreaterThanOrEqualTo(3);
        error.Message.Should().Contain(reason);
        problem.Detail.Should().Contain("nothing was applied");
        await UnchangedAsync(id, county, before);
    }

    [Fact]
    public async Task A_wrong_header_is_400_naming_the_missing_column()
    {
        var (id, county, before) = await CycleWithOneValueAsync();
        var problem = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv($"village,code,value\n{V1},new_members,1\n"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.Should().ContainSingle().Which.Column.Should().Be("indicator");
        await UnchangedAsync(id, county, before);
    }

    [Fact]
    public async Task A_gb18030_file_sent_as_utf8_is_an_encoding_error()
    {
        var (id, county, before) = await CycleWithOneValueAsync();
        var content = new ByteArrayContent(Province.Gb18030.GetBytes(Header + $"{V1},new_members,1,书记带头\n"));
        content.Headers.ContentType = new("text/csv");
        var problem = await (await county.PostAsync($"/api/cycles/{id}/indicators:import", content)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.Should().Contain("encoding");
        await UnchangedAsync(id, county, before);
    }

    [Fact]
    public async Task A_file_over_16_MiB_is_413()
    {
        var (id, county, before) = await CycleWithOneValueAsync();
        var big = new string('x', 16 * 1024 * 1024 + 1);
        await (await county.PostAsync($"/api/cycles/{id}/indicators:import", Cycles.Csv(Header + big))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await UnchangedAsync(id, county, before);
    }

    [Fact]
    public async Task A_bad_form_value_names_the_field_and_saves_nothing()
    {
        var (id, county, before) = await CycleWithOneValueAsync();
        var response = await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators",
            new { values = new Dictionary<string, object> { ["new_members"] = 4, ["hotline_satisfaction"] = 120, ["cooperative_led"] = "maybe" } });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Select(e => e.Field).Should().BeEquivalentTo(["values.hotline_satisfaction", "values.cooperative_led"]);
        await UnchangedAsync(id, county, before);
    }

    private async Task<(string Id, HttpClient County, string Ledger)> CycleWithOneValueAsync()
    {
        using var prov = await service.ClientAsAsync("prov");
        var county = await service.ClientAsAsync("county");
        var id = await Cycles.CreateAsync(prov);
        await (await county.PostAsJsonAsync($"/api/cycles/{id}/villages/{V1}/indicators", new { values = new { new_members = 2 } })).ShouldBeOkAsync();
        return (id, county, await StateAsync(id, county));
    }

    private static async Task<string> StateAsync(string id, HttpClient county)
    {
        var v1 = await Cycles.LedgerAsync(county, V1, id);
        var v2 = await Cycles.LedgerAsync(county, V2, id);
        var completeness = await (await county.GetAsync($"/api/reports/completeness?cycle={id}&region={Province.CountyA}")).ShouldBeOkAsync();
        return string.Join("\n", v1.Concat(v2).Select(e => e.ToString())) + "\n" + completeness;
    }

    private static async Task UnchangedAsync(string id, HttpClient county, string before) =>
        (await StateAsync(id, county)).Should().Be(before, "a refused request changes nothing");
}
