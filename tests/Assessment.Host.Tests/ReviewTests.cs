using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// The phase rules of the re-rating (domain.md, Cycles; Tier movements and the province's review)
/// and the report formats, on the test province's 山东 villages.
/// </summary>
[Collection(ServiceCollection.Name)]
public class ReviewTests(ServiceFixture service)
{
    private static int nextProvince = 10;

    /// <summary>
    /// A province of its own (so that no other test's published tiers are its villages' history):
    /// one county with three villages, the first of which gets full marks in a frozen cycle.
    /// </summary>
    private async Task<(HttpClient Province, string Id, string Code, string[] Villages)> FrozenAsync(string? townshipName = null)
    {
        int n;
        do n = Interlocked.Increment(ref nextProvince); while (n is 37 or 44);
        var p = $"{n}";
        string[] villages = [$"{p}0101101201", $"{p}0101101202", $"{p}0101101203"];
        using var admin = await service.AdminAsync();
        var csv = $"code,name,level,parentCode\n{p}0000000000,测试{n}省,province,\n{p}0100000000,一市,city,{p}0000000000\n{p}0101000000,一县,county,{p}0100000000\n" +
            $"{p}0101101000,{townshipName ?? "一镇"},township,{p}0101000000\n" + string.Concat(villages.Select((v, i) => $"{v},村{i},village,{p}0101101000\n"));
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv))).StatusCode.Should().Be(HttpStatusCode.OK);
        var user = $"prov{n}";
        (await admin.PostAsJsonAsync("/api/users", new { username = user, password = ServiceFixture.Password, role = "province", regionCode = $"{p}0000000000" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var prov = await service.ClientAsAsync(user);
        var id = await Cycles.CreateAsync(prov);
        (await admin.PostAsJsonAsync($"/api/cycles/{id}/villages/{villages[0]}/indicators", new { values = Cycles.FullMarks })).EnsureSuccessStatusCode();
        (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
        return (prov, id, $"{p}0000000000", villages);
    }

    private static bool Undecided(System.Text.Json.JsonElement movement) =>
        !movement.TryGetProperty("decision", out var d) || d.ValueKind == System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Compute_is_refused_while_the_cycle_is_Open()
    {
        using var prov = await service.ClientAsAsync("prov");
        var id = await Cycles.CreateAsync(prov);
        var problem = await (await prov.PostAsync($"/api/cycles/{id}/compute", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Detail.Should().Contain("Open");
        (await (await prov.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync()).GetProperty("phase").GetString().Should().Be("Open");
    }

    [Fact]
    public async Task Compute_rates_every_village_of_the_province_and_shows_the_counts()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        var counts = (await (await prov.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync()).GetProperty("counts");
        counts.GetProperty("villages").GetInt32().Should().Be(3, "the province has three villages; no other province's are rated");
        counts.GetProperty("computed").GetInt32().Should().Be(3);

        var a = await (await prov.GetAsync($"/api/cycles/{id}/villages/{villages[0]}/assessment")).ShouldBeOkAsync();
        a.GetProperty("score").GetDecimal().Should().Be(100m);
        a.GetProperty("breakdown").GetArrayLength().Should().Be(16);
        var other = await (await prov.GetAsync($"/api/cycles/{id}/villages/{villages[1]}/assessment")).ShouldBeOkAsync();
        other.GetProperty("missing").GetArrayLength().Should().Be(18);
        other.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("en").GetString())
            .Should().Contain(r => r!.StartsWith("18 indicators missing, scored 0", StringComparison.Ordinal));
        other.GetProperty("reasons")[0].GetProperty("zh").GetString().Should().Contain("强基");
    }

    [Fact]
    public async Task Computing_again_gives_the_same_proposals_and_clears_the_decisions()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        var first = await Cycles.AllMovementsAsync(prov, id);
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(prov, id);
        var again = await Cycles.AllMovementsAsync(prov, id);
        again.Select(m => (m.GetProperty("village").GetString(), m.GetProperty("proposedTier").GetString(), m.GetProperty("score").GetDecimal()))
            .Should().Equal(first.Select(m => (m.GetProperty("village").GetString(), m.GetProperty("proposedTier").GetString(), m.GetProperty("score").GetDecimal())));
        again.Should().OnlyContain(m => Undecided(m));
    }

    [Fact]
    public async Task Publish_is_refused_while_movements_are_undecided_and_lists_them()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{villages[0]}/decision", new { decision = "approve" })).EnsureSuccessStatusCode();

        var problem = await (await prov.PostAsync($"/api/cycles/{id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Detail.Should().Contain("2 movements are undecided");
        problem.Errors.Select(e => e.Message).Should().HaveCount(2)
            .And.Contain(m => m.Contains(villages[1]) && m.Contains("initial"));
        (await (await prov.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync()).GetProperty("phase").GetString().Should().Be("Computed");
    }

    [Fact]
    public async Task An_override_without_a_reason_is_refused_and_decides_nothing()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        var problem = await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{villages[0]}/decision", new { decision = "override", tier = "foundation" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().ContainSingle(e => e.Field == "reason");
        var movement = (await Cycles.AllMovementsAsync(prov, id)).Single(m => m.GetProperty("village").GetString() == villages[0]);
        Undecided(movement).Should().BeTrue();
    }

    [Fact]
    public async Task Decisions_are_refused_after_publish_and_the_published_cycle_never_changes()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        await Cycles.PublishAsync(prov, id);

        await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{villages[0]}/decision", new { decision = "override", tier = "foundation", reason = "late" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "reject" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsync($"/api/cycles/{id}/compute", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsync($"/api/cycles/{id}/reopen", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var village = await (await prov.GetAsync($"/api/villages/{villages[0]}")).ShouldBeOkAsync();
        village.GetProperty("history").EnumerateArray().Should().Contain(h => h.GetProperty("cycle").GetString() == id && h.GetProperty("tier").GetString() == "demonstration");
    }

    [Fact]
    public async Task Bulk_reject_skips_initial_ratings_and_says_how_many()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        var movements = await Cycles.AllMovementsAsync(prov, id);
        var initial = movements.Count(m => m.GetProperty("direction").GetString() == "initial");
        var answer = await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "reject" })).ShouldBeOkAsync();
        answer.GetProperty("skipped").GetInt32().Should().Be(initial);
        answer.GetProperty("decided").GetInt32().Should().Be(movements.Count - initial);
    }

    [Fact]
    public async Task Simulate_answers_what_other_thresholds_would_do_and_changes_nothing()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        var before = await Cycles.AllMovementsAsync(prov, id);
        var strict = await (await prov.PostAsJsonAsync($"/api/cycles/{id}/simulate",
            new { thresholds = new { enterDemonstration = 100.01, stayDemonstration = 100, enterExcellence = 99, stayExcellence = 98 } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        strict.Errors.Should().NotBeEmpty();
        var sim = await (await prov.PostAsJsonAsync($"/api/cycles/{id}/simulate",
            new { thresholds = new { enterDemonstration = 100, stayDemonstration = 99, enterExcellence = 70, stayExcellence = 65 } })).ShouldBeOkAsync();
        sim.GetProperty("tiers").GetProperty("demonstration").GetInt32().Should().Be(1, "大街村 scores exactly 100");
        sim.GetProperty("tiers").GetProperty("excellence").GetInt32().Should().Be(0);
        var after = await Cycles.AllMovementsAsync(prov, id);
        after.Select(m => m.GetRawText()).Should().Equal(before.Select(m => m.GetRawText()));
    }

    [Fact]
    public async Task Reports_come_as_CSV_with_BOM_and_as_XLSX_with_formula_like_names_escaped()
    {
        // A township with a name a spreadsheet would run as a formula.
        var (prov, id, code, villages) = await FrozenAsync("\"=HYPERLINK(\"\"x\"\")\"");
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        await Cycles.PublishAsync(prov, id);

        var url = $"/api/reports/distribution?cycle={id}&region={code[..2]}0101000000";
        var csvRequest = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/csv") } } };
        var csv = await prov.SendAsync(csvRequest);
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes[3..]);
        text.Should().Contain("\"'=HYPERLINK(\"\"x\"\")\"").And.Contain("一县");

        var xlsxRequest = new HttpRequestMessage(HttpMethod.Get, url)
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } },
        };
        var xlsx = await prov.SendAsync(xlsxRequest);
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var cell = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.InnerText == "=HYPERLINK(\"x\")");
        cell.DataType!.Value.Should().Be(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, "the cell is text");
        var style = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        style.QuotePrefix!.Value.Should().BeTrue("the cell is quote-prefixed text, never a formula");
        sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.CellFormula>().Should().BeEmpty();

        var json = await (await prov.GetAsync(url)).ShouldBeOkAsync();
        json.GetProperty("children")[0].GetProperty("name").GetString().Should().Be("=HYPERLINK(\"x\")", "JSON carries the name as it is");
    }

    [Fact]
    public async Task Movements_refuse_a_bad_filter_or_cursor_with_a_problem()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await Cycles.ComputeAsync(prov, id);
        (await (await prov.GetAsync($"/api/cycles/{id}/movements?direction=sideways")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Errors.Should().ContainSingle(e => e.Field == "direction");
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("abc")).TrimEnd('=');
        (await (await prov.GetAsync($"/api/cycles/{id}/movements?after={forged}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Errors.Should().ContainSingle(e => e.Field == "after");
        (await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{villages[0]}/decision", new { decision = "maybe" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Should().ContainSingle(e => e.Field == "decision");
        (await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "override" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Should().ContainSingle(e => e.Field == "decision");
    }

    [Fact]
    public async Task Reports_of_an_unpublished_cycle_are_refused()
    {
        var (prov, id, code, villages) = await FrozenAsync();
        using var _ = prov;
        await (await prov.GetAsync($"/api/reports/distribution?cycle={id}&region={code}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
