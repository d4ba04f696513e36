using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;

namespace Assessment.Host.Tests.Pages;

/// <summary>
/// The province's pages of a cycle in a real browser, end to end: review (score band, bulk approval), the what-if panel,
/// the cycle's actions with their refusals, the public board's objection form on a phone, resolving it, and publishing
/// once the notice days are over (the host's clock moved, never slept). Cycles 2201–2299 are this class's.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ProvincePageTests(WebFixture web)
{
    private async Task<string> ComputedCycleAsync(string id, int noticeDays)
    {
        using var prov = await web.Service.ClientAsAsync("prov");
        using var admin = await web.Service.AdminAsync();
        (await prov.PostAsJsonAsync("/api/cycles", new { id, noticeDays })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/cycles/{id}/villages/{Province.VillageA}/indicators", new { values = Cycles.FullMarks })).EnsureSuccessStatusCode();
        (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(prov, id);
        return id;
    }

    [Fact]
    public async Task The_province_reviews_puts_on_notice_resolves_a_public_objection_and_publishes_from_the_pages()
    {
        var id = await ComputedCycleAsync("2201", noticeDays: 3);
        var page = await web.SignedInAsync("prov");

        // The review queue, filtered to a score band on the server: only the full-marks village is in 50–100.
        await page.GotoAsync($"/cycles/{id}/review");
        await page.GetByLabel("最低分").FillAsync("50");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        var rows = page.Locator("#movements tbody tr[data-village]");
        await Assertions.Expect(page.Locator($"tr[data-village='{Province.VillageA}']")).ToBeVisibleAsync();
        (await rows.CountAsync()).Should().Be(1, "only village A scored at least 50");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("province-review");

        // Bulk approval of the band, by keyboard: village A is decided, villages outside the band are not.
        await page.GetByRole(AriaRole.Button, new() { Name = "批量通过筛选结果" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("已批量通过 1 个变动。");
        using (var prov = await web.Service.ClientAsAsync("prov"))
        {
            var undecided = await (await prov.GetAsync($"/api/cycles/{id}/movements?decided=false&limit=1000")).ShouldBeOkAsync();
            var villages = undecided.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("village").GetString()).ToList();
            villages.Should().NotContain(Province.VillageA).And.Contain(Province.VillageB, "the bulk approval kept to the score band");
        }

        // The notice cannot start while movements are undecided: the refusal is shown plainly.
        await page.GotoAsync($"/cycles/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始公示（3 天）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync("待审定");

        // The what-if panel counts without deciding anything.
        await page.GotoAsync($"/cycles/{id}/review");
        var progress = await page.Locator("#progress").InnerTextAsync();
        await page.GetByLabel("进入示范").FillAsync("99");
        await page.GetByLabel("保持示范").FillAsync("95");
        await page.GetByRole(AriaRole.Button, new() { Name = "模拟" }).ClickAsync();
        await Assertions.Expect(page.Locator("#simulation")).ToBeVisibleAsync();
        (await page.Locator("#progress").InnerTextAsync()).Should().Be(progress, "a simulation changes nothing");
        await page.Locator("#whatif").ScrollIntoViewIfNeededAsync();
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("province-whatif");

        // Everything else approved in bulk; then the notice starts.
        await page.GetByRole(AriaRole.Button, new() { Name = "批量通过筛选结果" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("已批量通过");
        var counts = await page.Locator("#progress").InnerTextAsync();
        counts.Should().MatchRegex(@"已审定 (\d[\d,]*) / \1 个变动", "every movement is decided");
        await page.GotoAsync($"/cycles/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始公示（3 天）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync("公示中");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("province-cycle");

        // A member of the public, not signed in, on a phone: the board lists village A; the objection form answers with its id.
        var phone = await web.NewPageAsync(390, 844);
        await phone.GotoAsync($"/notice/{id}");
        await Assertions.Expect(phone.Locator($"#board li[data-village='{Province.VillageA}']")).ToBeVisibleAsync();
        (await phone.Locator("#board").InnerTextAsync()).Should().NotContain("书记", "the board shows no secretary");
        await phone.ShouldBeAccessibleAsync();
        await phone.ScreenshotAsync("public-notice");
        await phone.GetByLabel("村代码（12 位）").FillAsync(Province.VillageA);
        await phone.GetByLabel("异议内容").FillAsync("该村集体收入数据与实际不符。");
        await phone.GetByLabel("联系方式（可不填）").FillAsync("13800000000");
        await phone.GetByLabel("联系方式（可不填）").PressAsync("Enter");
        await Assertions.Expect(phone.Locator("#confirmation")).ToContainTextAsync("您的异议已收到");
        var objection = await phone.Locator("#objection-id").InnerTextAsync();
        objection.Should().StartWith($"{id}-");
        (await phone.Locator("html").InnerHTMLAsync()).Should().NotContain("13800000000", "the confirmation repeats no contact");

        // Publishing is refused, plainly, while the objection is open and the notice days run.
        await page.GetByRole(AriaRole.Button, new() { Name = "发布结果" }).ClickAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync("公示中");

        // The province resolves it on the objections page.
        await page.GotoAsync($"/cycles/{id}/objections");
        var card = page.Locator($"[data-objection='{objection}']");
        await Assertions.Expect(card).ToContainTextAsync("该村集体收入数据与实际不符。");
        await Assertions.Expect(card).ToContainTextAsync("13800000000");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("province-objections");
        await card.GetByLabel("处理结果").SelectOptionAsync("dismiss");
        await card.GetByLabel("理由").FillAsync("经核实，数据无误。");
        await card.GetByRole(AriaRole.Button, new() { Name = "处理" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync($"异议 {objection} 已处理。");
        await Assertions.Expect(page.Locator("#objection-counts")).ToContainTextAsync("未处理 0 件");

        // Past the notice days the province publishes from the page (a fresh sign-in: the clock moved past the cookie's 8 hours).
        web.Clock.Advance(TimeSpan.FromDays(4));
        await page.Context.CloseAsync();
        page = await web.SignedInAsync("prov");
        await page.GotoAsync($"/cycles/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布结果" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("已开始发布");
        using (var prov = await web.Service.ClientAsAsync("prov")) await Cycles.WaitForPhaseAsync(prov, id, "Published", TimeSpan.FromSeconds(60));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#phase")).ToHaveTextAsync("已发布");
        await page.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task Targets_are_set_per_region_and_a_wrong_one_is_refused_on_the_page()
    {
        var id = "2202";
        using (var prov = await web.Service.ClientAsAsync("prov"))
            (await prov.PostAsJsonAsync("/api/cycles", new { id })).EnsureSuccessStatusCode();
        var page = await web.SignedInAsync("prov");
        await page.GotoAsync($"/cycles/{id}/targets");
        var province = page.Locator($"[data-region='{Province.Code}']");
        await province.GetByLabel("示范比例不低于").FillAsync("1.5");
        var refused = await page.RunAndWaitForResponseAsync(() => province.GetByRole(AriaRole.Button, new() { Name = "保存目标" }).ClickAsync(), r => r.Request.Method == "POST");
        refused.Status.Should().Be(422);
        await Assertions.Expect(page.Locator("#refusal")).ToContainTextAsync("demonstrationShare");

        await province.GetByLabel("示范比例不低于").FillAsync("0.3");
        await province.GetByLabel("强基晋位村数").FillAsync("2");
        await province.GetByRole(AriaRole.Button, new() { Name = "保存目标" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();
        await page.GotoAsync($"/cycles/{id}/targets");
        await Assertions.Expect(page.Locator($"[data-region='{Province.Code}']").GetByLabel("示范比例不低于")).ToHaveValueAsync("0.3");
        await Assertions.Expect(page.Locator($"[data-region='{Province.CityA}']")).ToBeVisibleAsync();
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("province-targets");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_county_officer_may_not_open_the_province_pages()
    {
        var page = await web.SignedInAsync("county");
        await page.GotoAsync("/cycles/2201/review");
        page.Url.Should().Contain("/denied", "the cookie scheme's access-denied page answers a role without access");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "无权访问" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
