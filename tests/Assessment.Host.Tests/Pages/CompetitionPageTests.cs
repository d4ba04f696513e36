using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;

namespace Assessment.Host.Tests.Pages;

/// <summary>
/// The judge's tablet, the hall's big screen and the organizer's pages (擂台比武), in a real browser. Cycle 2401
/// is published with four villages Excellence; competitions run in cycle 2402 in 淄博市. The page's judge
/// ("judge") belongs to 高青县, so 高青 villages are its conflicts of interest; two more judges of the city
/// (no county) score through the API so that a contestant reaches three totals and a final.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CompetitionPageTests(WebFixture web)
{
    private const string Published = "2401";
    private const string Cycle = "2402";
    private const string YiyuanA = "370323101201"; // 城关村
    private const string YiyuanB = "370323101202"; // 东关村
    private const string Gaoqing = "370322102201"; // 大街村, in the page judge's county
    private static readonly string[] CityJudges = ["web-judge-1", "web-judge-2"];
    private static Task? arranged;
    private static readonly Lock Gate = new();

    /// <summary>Once per run: the published tiers, the competitions' cycle and the two city judges.</summary>
    private Task ArrangeAsync()
    {
        lock (Gate) return arranged ??= ArrangeOnceAsync();
    }

    private async Task ArrangeOnceAsync()
    {
        using var admin = await web.Service.AdminAsync();
        await Competitions.PublishExcellenceAsync(admin, Province.Code, [YiyuanA, YiyuanB, Gaoqing, "370322102202"], Published);
        (await admin.PostAsJsonAsync("/api/cycles", new { id = Cycle, province = Province.Code })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var username in CityJudges)
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { username, password = ServiceFixture.Password, role = "judge", regionCode = Province.CityA });
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A live competition of 淄博市: 城关村 then 东关村 in session 1, 大街村 (高青) in session 2.</summary>
    private async Task<string> LiveCompetitionAsync()
    {
        await ArrangeAsync();
        using var city = await web.Service.ClientAsAsync("city");
        var id = "web-" + Guid.NewGuid().ToString("N")[..10];
        var created = await city.PostAsJsonAsync("/api/competitions", new { id, name = "擂台比武 " + id[4..8], cycle = Cycle, regionCode = Province.CityA, judges = (string[])["judge", .. CityJudges] });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        await Competitions.AddAsync(city, id, YiyuanA, session: 1, order: 1);
        await Competitions.AddAsync(city, id, YiyuanB, session: 1, order: 2);
        await Competitions.AddAsync(city, id, Gaoqing, session: 2, order: 1);
        await Competitions.PhaseAsync(city, id, "start");
        return id;
    }

    private async Task<List<JsonElement>> SheetsOfAsync(string id, string judge, string village)
    {
        using var client = await web.Service.ClientAsAsync(judge);
        var page = await (await client.GetAsync($"/api/competitions/{id}/scores?judge={judge}")).ShouldBeOkAsync();
        return [.. page.GetProperty("items").EnumerateArray().Where(s => s.GetProperty("village").GetString() == village)];
    }

    /// <summary>Presses Tab until the element is focused (keyboard only: no click, no focus() call).</summary>
    private static async Task TabToAsync(IPage page, ILocator target, int most = 40)
    {
        for (var i = 0; i < most; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
        }
        throw new InvalidOperationException($"Tab never reached {target}");
    }

    [Fact]
    public async Task A_judge_scores_by_keyboard_alone_and_the_big_screen_shows_the_new_rank_without_reload()
    {
        var id = await LiveCompetitionAsync();
        foreach (var (judge, sheet) in new[] { (CityJudges[0], Competitions.Sheet(20, 35, 12, 16)), (CityJudges[1], Competitions.Sheet(21, 36, 13, 17)) })
        {
            using var client = await web.Service.ClientAsAsync(judge);
            (await Competitions.ScoreAsync(client, id, YiyuanA, sheet)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The big screen, opened before the judge scores: two totals are no final yet.
        var screen = await web.SignedInAsync("city", 1920, 1080);
        await screen.GotoAsync($"/competitions/{id}/screen");
        var rowA = screen.Locator($"#board tr[data-village='{YiyuanA}']");
        await Assertions.Expect(rowA.Locator(".rank")).ToHaveTextAsync("—");
        await Assertions.Expect(rowA.Locator(".judges")).ToHaveTextAsync("2");
        await Assertions.Expect(screen.Locator("#on-stage")).ToContainTextAsync("东关村");
        await screen.EvaluateAsync("() => window.notReloaded = true");

        var judgePage = await web.SignedInAsync("judge", 768, 1024);
        await judgePage.GotoAsync($"/competitions/{id}/judge");
        await Assertions.Expect(judgePage.Locator("#progress")).ToContainTextAsync("已评 0 / 2");
        await judgePage.ShouldBeAccessibleAsync();
        await judgePage.ScreenshotAsync("judge-list");

        await TabToAsync(judgePage, judgePage.Locator($"a[href='/competitions/{id}/judge/{YiyuanA}']"));
        await judgePage.Keyboard.PressAsync("Enter");
        // The sheet is usable once its form is parsed; waiting for every resource's load timed out on a busy machine,
        // and so did 15 s for the parse once in a full run: 30 s, as for the organizer's redirect.
        await judgePage.WaitForURLAsync($"**/competitions/{id}/judge/{YiyuanA}", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 30_000 });
        await TabToAsync(judgePage, judgePage.GetByLabel("比思路"));
        foreach (var value in new[] { "20.5", "35", "12.3", "16" })
        {
            await judgePage.Keyboard.TypeAsync(value);
            await judgePage.Keyboard.PressAsync("Tab");
        }
        await Assertions.Expect(judgePage.Locator("#total")).ToHaveTextAsync("83.8");
        await Assertions.Expect(judgePage.Locator("#save")).ToBeFocusedAsync();
        await judgePage.Keyboard.PressAsync("Enter");
        await Assertions.Expect(judgePage.Locator("#saved")).ToContainTextAsync("已保存");
        await Assertions.Expect(judgePage.Locator("#saved .stored-total")).ToHaveTextAsync("83.8");
        await judgePage.ShouldBeAccessibleAsync();
        await judgePage.ScreenshotAsync("judge-sheet");

        // The screen moved by itself: (83 + 87 + 83.8) / 3 = 84.6, rank 1; 城关村 is scored, so 东关村 stays on stage.
        await Assertions.Expect(rowA.Locator(".rank")).ToHaveTextAsync("1");
        await Assertions.Expect(rowA.Locator(".final")).ToHaveTextAsync("84.6");
        await Assertions.Expect(rowA.Locator(".judges")).ToHaveTextAsync("3");
        (await screen.EvaluateAsync<bool>("() => window.notReloaded === true")).Should().BeTrue("the board updates without a reload");
        await screen.ShouldBeAccessibleAsync();
        await screen.ScreenshotAsync("big-screen");

        (await SheetsOfAsync(id, "judge", YiyuanA)).Should().ContainSingle().Which.GetProperty("total").GetDecimal().Should().Be(83.8m);

        // The judge's home card counts it.
        await judgePage.GotoAsync("/");
        await Assertions.Expect(judgePage.Locator($"#competitions-card [data-competition='{id}']")).ToContainTextAsync("已评 1 / 2");
        await judgePage.Context.CloseAsync();
        await screen.Context.CloseAsync();
    }

    [Fact]
    public async Task A_sheet_saved_while_the_server_cannot_be_reached_waits_then_is_sent_once_with_the_last_edit()
    {
        var id = await LiveCompetitionAsync();
        var page = await web.SignedInAsync("judge", 768, 1024);
        await page.GotoAsync($"/competitions/{id}/judge/{YiyuanB}");
        // The hall's Wi-Fi drops: every send of a sheet fails as a dropped connection does.
        await page.RouteAsync("**/competitions/*/sheets/*", route => route.AbortAsync("internetdisconnected"));

        await page.GetByLabel("比思路").FillAsync("20");
        await page.GetByLabel("晒实绩").FillAsync("30");
        await page.GetByLabel("展风采").FillAsync("10");
        await page.GetByLabel("话振兴").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存评分" }).ClickAsync();
        await Assertions.Expect(page.Locator("#waiting")).ToContainTextAsync("待发送");
        // A later edit while still unreachable replaces the queued sheet.
        await page.GetByLabel("展风采").FillAsync("14.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存评分" }).ClickAsync();
        await Assertions.Expect(page.Locator("#waiting")).ToContainTextAsync("待发送");
        (await page.EvaluateAsync<int>("() => Object.keys(JSON.parse(localStorage.getItem('assessment.judge.queue'))).length")).Should().Be(1);
        (await SheetsOfAsync(id, "judge", YiyuanB)).Should().BeEmpty("nothing reached the server");

        // A reload keeps the sheet (it lives on the tablet) and still shows it waiting.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#waiting")).ToContainTextAsync("待发送");

        await page.UnrouteAsync("**/competitions/*/sheets/*");
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        await Assertions.Expect(page.Locator("#saved .stored-total")).ToHaveTextAsync("74.5");
        await Assertions.Expect(page.Locator("#waiting")).ToBeHiddenAsync();
        (await page.EvaluateAsync<int>("() => Object.keys(JSON.parse(localStorage.getItem('assessment.judge.queue'))).length")).Should().Be(0);

        var sheets = await SheetsOfAsync(id, "judge", YiyuanB);
        sheets.Should().ContainSingle("the queued sheet is sent once, with its last edit");
        sheets[0].GetProperty("criteria").GetProperty("style").GetDecimal().Should().Be(14.5m);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_conflicted_contestant_is_shown_as_such_and_its_sheet_is_refused()
    {
        var id = await LiveCompetitionAsync();
        var page = await web.SignedInAsync("judge", 768, 1024);
        await page.GotoAsync($"/competitions/{id}/judge");
        var conflicted = page.Locator($"li[data-village='{Gaoqing}']");
        await Assertions.Expect(conflicted).ToContainTextAsync("回避");
        await Assertions.Expect(conflicted.Locator("a")).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"/competitions/{id}/judge/{Gaoqing}");
        response!.Status.Should().Be(403);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("回避");
        await Assertions.Expect(page.Locator("#sheet")).ToHaveCountAsync(0);
        await page.ShouldBeAccessibleAsync();

        // Nor does the script's endpoint take it, token or not.
        await page.GotoAsync($"/competitions/{id}/judge");
        var token = await page.EvaluateAsync<string>("() => document.querySelector('input[name=__RequestVerificationToken]').value");
        var put = await page.APIRequest.PutAsync($"/competitions/{id}/sheets/{Gaoqing}", new()
        {
            Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token },
            DataObject = new { criteria = new { ideas = 20, results = 30, style = 10, revitalization = 10 } },
        });
        put.Status.Should().Be(403);
        (await SheetsOfAsync(id, "judge", Gaoqing)).Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_organizer_creates_a_competition_adds_contestants_from_a_list_runs_it_and_downloads_the_results()
    {
        await ArrangeAsync();
        var page = await web.SignedInAsync("city");
        await page.GotoAsync("/competitions");
        var id = "web-org-" + Guid.NewGuid().ToString("N")[..8];
        await page.GetByLabel("编号").FillAsync(id);
        await page.GetByLabel("名称").FillAsync("淄博市擂台比武");
        await page.GetByLabel("评定年度").FillAsync(Cycle);
        await page.GetByLabel("地区代码（市或县）").FillAsync(Province.CityA);
        await page.GetByLabel("评委用户名").FillAsync($"judge, {CityJudges[0]}, {CityJudges[1]}");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("competitions-organizer");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        // Creating reads the cycle, the region and every judge from storage before it redirects: in a full parallel run on
        // 2 cores that exceeded the default 15 s twice (the test passes alone), so this one wait is given 30 s.
        await page.WaitForURLAsync($"**/competitions/{id}/manage", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 30_000 });

        // A list with two bad rows: nothing is added, both rows are named.
        var bad = "village,presenter,session,order\n" + $"{YiyuanA},孙丽,1,1\n" + "370402001201,吴敏,1,2\n" + $"{YiyuanB},周强,一,3\n";
        await page.GetByLabel("名单文件").SetInputFilesAsync(new FilePayload { Name = "list.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(bad) });
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "上传名单" }).ClickAsync(), r => r.Request.Method == "POST");
        refused.Status.Should().Be(422);
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(alert.Locator("tbody tr").Nth(0)).ToContainTextAsync("3");
        await Assertions.Expect(alert.Locator("tbody tr").Nth(0)).ToContainTextAsync("370402001201");
        await Assertions.Expect(alert.Locator("tbody tr").Nth(1)).ToContainTextAsync("4");
        await Assertions.Expect(alert.Locator("tbody tr").Nth(1)).ToContainTextAsync("session");
        await Assertions.Expect(page.Locator("#contestants tbody tr")).ToHaveCountAsync(0);
        await page.ShouldBeAccessibleAsync();

        // The good list as an Excel workbook (written with MiniExcel, as an organizer's spreadsheet would be).
        using var good = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(good, new[]
        {
            new Dictionary<string, object> { ["village"] = YiyuanA, ["presenter"] = "孙丽", ["session"] = 1, ["order"] = 1 },
            new Dictionary<string, object> { ["village"] = YiyuanB, ["presenter"] = "周强", ["session"] = 1, ["order"] = 2 },
        }, excelType: MiniExcelLibs.ExcelType.XLSX);
        await page.GetByLabel("名单文件").SetInputFilesAsync(new FilePayload
        {
            Name = "list.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = good.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传名单" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("已按名单添加");
        // One more by the form, keyboard only: Tab through the fields, Enter to add.
        await TabToAsync(page, page.GetByLabel("村代码"));
        await page.Keyboard.TypeAsync(Gaoqing);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("王建国");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("2");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("已添加选手");
        await Assertions.Expect(page.Locator("#contestants tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#contestants tbody tr").Nth(2)).ToContainTextAsync("大街村");

        await page.GetByRole(AriaRole.Button, new() { Name = "开始比赛" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("比赛已开始");
        var sheets = new[] { Competitions.Sheet(20, 35, 12, 16), Competitions.Sheet(21, 36, 13, 17), Competitions.Sheet(22, 30, 10, 15) };
        foreach (var (judge, i) in new[] { "judge", CityJudges[0], CityJudges[1] }.Select((j, i) => (j, i)))
        {
            using var client = await web.Service.ClientAsAsync(judge);
            (await Competitions.ScoreAsync(client, id, YiyuanA, sheets[i])).StatusCode.Should().Be(HttpStatusCode.OK);
            (await Competitions.ScoreAsync(client, id, YiyuanB, sheets[(i + 1) % 3])).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "结束比赛" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("比赛已结束");
        await Assertions.Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#fairness-judges tbody tr")).ToHaveCountAsync(3);
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("competition-results");

        // The page's downloads are the API's report, row for row.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "成绩表 CSV" }).ClickAsync());
        var csv = await File.ReadAllBytesAsync((await download.PathAsync())!);
        using var city = await web.Service.ClientAsAsync("city");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/competition/{id}") { Headers = { { "Accept", "text/csv" } } };
        var api = await (await city.SendAsync(request)).Content.ReadAsByteArrayAsync();
        csv.Should().Equal(api);
        System.Text.Encoding.UTF8.GetString(csv).Should().Contain(YiyuanA);
        await page.Context.CloseAsync();
    }
}
