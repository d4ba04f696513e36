using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.Domain.Indicators;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;

namespace Assessment.Host.Tests.Pages;

/// <summary>
/// The county officer's pages in a real browser: the village list, a village with its problems and evidence,
/// the indicator form by keyboard, the file import with its refusals, and the region guard. Cycles 2101–2199.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CountyPageTests(WebFixture web)
{
    /// <summary>A 1×1 PNG: what a phone's photo is to the page (a real image the browser decodes).</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private async Task CreateCycleAsync(string id)
    {
        var prov = await web.Service.ClientAsAsync("prov");
        var created = await prov.PostAsJsonAsync("/api/cycles", new { id });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_with_two_bad_rows_names_both_and_a_good_file_raises_the_completeness_shown()
    {
        await CreateCycleAsync("2101");
        var page = await web.SignedInAsync("county");

        // The village list: the county's three villages, none entered yet in 2101.
        await page.GotoAsync("/villages?cycle=2101");
        await Assertions.Expect(page.Locator("#villages tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator($"tr[data-village='{Province.VillageA}'] .completeness")).ToContainTextAsync("0 / 18");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("county-villages");
        await page.GetByLabel("村代码或村名").FillAsync("小街");
        await page.GetByLabel("村代码或村名").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#villages tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#villages tbody")).ToContainTextAsync("小街村");

        await page.GotoAsync("/cycles/2101/upload");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "bad.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(
                "village,indicator,value\n" +
                $"{Province.VillageA},secretary_training_hours,12\n" +
                "370322102202,member_training_rate,150\n" +
                "370322103201,no_such_indicator,1\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        var refusal = page.Locator("#refusal");
        await Assertions.Expect(refusal).ToBeVisibleAsync();
        await Assertions.Expect(refusal.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(refusal.Locator("tbody tr").Nth(0).Locator("td").First).ToHaveTextAsync("3");
        await Assertions.Expect(refusal.Locator("tbody tr").Nth(1).Locator("td").First).ToHaveTextAsync("4");
        await Assertions.Expect(refusal).ToContainTextAsync("no_such_indicator");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("county-upload-errors");

        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "good.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(
                "village,indicator,value\n" +
                $"{Province.VillageA},secretary_training_hours,12\n" +
                $"{Province.VillageA},member_training_rate,90\n" +
                "370322102202,member_training_rate,80\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(page.Locator("#imported")).ToContainTextAsync("已导入 3 行，涉及 2 个村。");
        await Assertions.Expect(page.Locator("#completeness")).ToContainTextAsync("本县填报完成度 3 / 54");
        await Assertions.Expect(page.Locator("#refusal")).ToHaveCountAsync(0);

        await page.GotoAsync("/villages?cycle=2101");
        await Assertions.Expect(page.Locator($"tr[data-village='{Province.VillageA}'] .completeness")).ToContainTextAsync("2 / 18");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_county_template_downloaded_from_the_upload_page_and_filled_in_imports_through_the_page()
    {
        await CreateCycleAsync("2103");
        var page = await web.SignedInAsync("county");
        await page.GotoAsync("/cycles/2103/upload");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#template").ClickAsync());
        var template = await File.ReadAllBytesAsync((await download.PathAsync())!);

        // Filled in with another tool (MiniExcel), as an officer would: this year's new members for every village.
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(template), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().ToList();
        rows.Should().HaveCount(3, "高青县 has three villages");
        var filled = rows.Select((row, n) => row.ToDictionary(c => c.Key, c => c.Key == "年度发展党员数" ? (object?)(n + 2) : c.Value)).ToList();
        using var saved = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(saved, filled, excelType: MiniExcelLibs.ExcelType.XLSX);

        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "高青县.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = saved.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(page.Locator("#imported")).ToContainTextAsync("已导入 3 行，涉及 3 个村。");

        var county = await web.Service.ClientAsAsync("county");
        for (var n = 0; n < rows.Count; n++)
        {
            var ledger = await Cycles.LedgerAsync(county, (string)rows[n]["村庄代码"]!, "2103");
            ledger.Should().ContainSingle().Which.GetProperty("value").GetRawText().Should().Be((n + 2).ToString());
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_indicator_form_is_filled_and_saved_by_keyboard_alone_and_the_browser_checks_the_range_first()
    {
        await CreateCycleAsync("2102");
        var page = await web.SignedInAsync("county");
        await page.GotoAsync($"/cycles/2102/villages/{Province.VillageA}/indicators");
        await page.ShouldBeAccessibleAsync();

        var catalog = IndicatorCatalog.Default.Indicators;
        var first = page.Locator($"#v-{catalog[0].Code}");
        await first.FocusAsync(); // where a Tab from the page's top lands after the header's links
        await page.Keyboard.TypeAsync("-5");
        await page.Keyboard.PressAsync("Enter");
        // The browser refuses to send: below the minimum, and every other value still missing.
        (await first.EvaluateAsync<bool>("e => e.validity.rangeUnderflow")).Should().BeTrue();
        await Assertions.Expect(page.Locator("#saved")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("40");

        foreach (var indicator in catalog.Skip(1))
        {
            await page.Keyboard.PressAsync("Tab");
            var value = Cycles.FullMarks[indicator.Code];
            if (indicator.Kind == IndicatorKind.Number) await page.Keyboard.TypeAsync(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
            else if (value is true) await page.Keyboard.PressAsync("Space");      // the group's first radio: 是
            else await page.Keyboard.PressAsync("ArrowRight");                    // the next radio: 否, checked as it is reached
        }
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("键盘填报");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#saved")).ToHaveTextAsync("已保存 18 项指标。");
        await Assertions.Expect(page.Locator("#v-collective_income")).ToHaveValueAsync("50");
        await Assertions.Expect(page.Locator("#v-serious_violation-no")).ToBeCheckedAsync();
        await page.ScreenshotAsync("county-indicators");

        var prov = await web.Service.ClientAsAsync("prov");
        var ledger = await Cycles.LedgerAsync(prov, Province.VillageA, "2102");
        ledger.Should().HaveCount(18);
        ledger.Should().OnlyContain(e => e.GetProperty("note").GetString() == "键盘填报" && e.GetProperty("user").GetString() == "county");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_problem_is_recorded_given_a_photo_rectified_and_verified_on_the_village_page()
    {
        var page = await web.SignedInAsync("county");
        const string village = "370322102202";
        await page.GotoAsync($"/villages/{village}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("小街村");

        await page.GetByLabel("问题类别").FillAsync("组织建设");
        await page.GetByLabel("整改期限").FillAsync("2099-12-31");
        await page.GetByLabel("严重程度").SelectOptionAsync("minor");
        await page.GetByLabel("问题来源").SelectOptionAsync("self-check");
        await page.GetByLabel("责任人").FillAsync("李秀英");
        await page.GetByLabel("问题描述").FillAsync("三会一课记录不全（页面测试）");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("问题已登记。");
        var id = new Uri(page.Url).Query.Split('&').Single(p => p.StartsWith("problem=")).Split('=')[1];
        var problem = page.Locator($"#problem-{id}");
        await Assertions.Expect(problem).ToContainTextAsync("待整改");

        await problem.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = Png });
        await problem.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("文件已上传。");
        var image = page.Locator($"#problem-{id} .evidence img");
        await Assertions.Expect(image).ToBeVisibleAsync();
        (await image.EvaluateAsync<int>("e => e.complete ? e.naturalWidth : new Promise(r => e.onload = () => r(e.naturalWidth))")).Should().Be(1, "the photo is served and decoded");
        var file = await page.Context.APIRequest.GetAsync($"/villages/{village}/problems/{id}/attachments/1");
        file.Status.Should().Be(200);
        file.Headers["content-type"].Should().Be("image/png");
        file.Headers["x-content-type-options"].Should().Be("nosniff");
        (await file.BodyAsync()).Should().Equal(Png);

        await page.Locator($"#evidence-{id}").FillAsync("已补齐会议记录");
        await page.Locator($"#problem-{id}").GetByRole(AriaRole.Button, new() { Name = "标记已整改" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("已标记为已整改。");
        await Assertions.Expect(page.Locator($"#problem-{id} h3")).ToContainTextAsync("已整改");

        await page.Locator($"#note-{id}").FillAsync("现场核验");
        await page.Locator($"#problem-{id}").GetByRole(AriaRole.Button, new() { Name = "验收", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("已验收。");
        await Assertions.Expect(page.Locator($"#problem-{id} h3")).ToContainTextAsync("已验收");
        await Assertions.Expect(page.Locator($"#problem-{id} .steps li")).ToHaveCountAsync(3); // recorded, rectified, verified
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("county-village");

        await page.GotoAsync("/problems");
        await Assertions.Expect(page.Locator($"tr[data-problem='{id}']")).ToContainTextAsync("已验收");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("county-problems");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_county_officer_cannot_open_a_village_or_its_files_in_another_county()
    {
        var page = await web.SignedInAsync("county");
        var response = await page.GotoAsync($"/villages/{Province.VillageB}");
        response!.Status.Should().Be(403);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "无权访问" })).ToBeVisibleAsync();
        (await page.GotoAsync($"/cycles/2101/villages/{Province.VillageB}/indicators"))!.Status.Should().Be(403);
        (await page.Context.APIRequest.GetAsync($"/villages/{Province.VillageB}/problems/{Province.VillageB}-1/attachments/1")).Status.Should().Be(403);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_city_officer_picks_a_county_of_the_city_and_no_other()
    {
        var page = await web.SignedInAsync("city");
        await page.GotoAsync("/villages");
        await page.GetByLabel("县（市、区）").SelectOptionAsync(Province.CountyB);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#villages tbody")).ToContainTextAsync("城关村");
        await page.ShouldBeAccessibleAsync();
        (await page.Locator("#county option").AllTextContentsAsync()).Should().NotContain(o => o.Contains(Province.CountyC));
        (await page.GotoAsync($"/villages?county={Province.CountyC}"))!.Status.Should().Be(403);
        await page.Context.CloseAsync();
    }
}
