using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;

namespace Assessment.Host.Tests.Pages;

/// <summary>
/// The reports page (/reports) in a real browser, on a province of its own (23…) with three published cycles
/// 2301–2303 arranged through the API: charts drawn as SVG, the tables' numbers equal to the API's reports,
/// the CSV download as the API writes it, and a county officer kept to its county.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReportsPageTests(WebFixture web)
{
    private const string ProvinceCode = "230000000000";
    private const string CityA = "230100000000";
    private const string CityB = "230200000000";
    private static readonly string[] Counties = ["230101000000", "230102000000", "230201000000"];
    private static readonly string[] Years = ["2301", "2302", "2303"];
    private const string Prov = "reportsprov";
    private const string County = "reportscounty";

    private static readonly Lazy<SemaphoreSlim> Gate = new(() => new SemaphoreSlim(1, 1));
    private static bool arranged;

    /// <summary>Village i of county c.</summary>
    private static string Village(int county, int i) => $"{Counties[county][..6]}10120{i + 1}";

    /// <summary>
    /// Once for the class: the province, its two users, and three cycles without notice, each published. Village 0 of
    /// each county has full marks every year (Demonstration), village 1 from 2302 on (Excellence, then Demonstration),
    /// village 2 never (Foundation). 2303 has targets for the province and city A.
    /// </summary>
    private async Task ArrangeAsync()
    {
        await Gate.Value.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (arranged) return;
            using var admin = await web.Service.AdminAsync();
            var csv = new StringBuilder("code,name,level,parentCode,secretary,members\n");
            csv.Append($"{ProvinceCode},报表测试省,province,,,\n{CityA},甲市,city,{ProvinceCode},,\n{CityB},乙市,city,{ProvinceCode},,\n");
            for (var c = 0; c < Counties.Length; c++)
            {
                var county = Counties[c];
                csv.Append($"{county},{"东西南"[c]}县,county,{county[..4]}00000000,,\n{county[..6]}101000,{"东西南"[c]}镇,township,{county},,\n");
                for (var i = 0; i < 3; i++) csv.Append($"{Village(c, i)},{"东西南"[c]}{i + 1}村,village,{county[..6]}101000,书记{c}{i},30\n");
            }
            (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv.ToString()))).StatusCode.Should().Be(HttpStatusCode.OK);
            foreach (var (user, role, region) in new[] { (Prov, "province", ProvinceCode), (County, "county", Counties[0]) })
                (await admin.PostAsJsonAsync("/api/users", new { username = user, password = ServiceFixture.Password, role, regionCode = region }))
                    .StatusCode.Should().Be(HttpStatusCode.Created);

            using var prov = await web.Service.ClientAsAsync(Prov);
            for (var y = 0; y < Years.Length; y++)
            {
                var id = Years[y];
                (await prov.PostAsJsonAsync("/api/cycles", new { id, noticeDays = 0 })).StatusCode.Should().Be(HttpStatusCode.Created);
                for (var c = 0; c < Counties.Length; c++)
                    for (var i = 0; i <= Math.Min(y, 1); i++)
                        (await admin.PostAsJsonAsync($"/api/cycles/{id}/villages/{Village(c, i)}/indicators", new { values = Cycles.FullMarks })).EnsureSuccessStatusCode();
                if (y == 2)
                {
                    (await prov.PutAsJsonAsync($"/api/cycles/{id}/targets/{ProvinceCode}", new { demonstrationShare = 0.5, foundationShareMax = 0.2 })).EnsureSuccessStatusCode();
                    (await prov.PutAsJsonAsync($"/api/cycles/{id}/targets/{CityA}", new { demonstrationShare = 0.8 })).EnsureSuccessStatusCode();
                }
                (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
                await Cycles.ComputeAsync(prov, id);
                (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
                await Cycles.PublishAsync(prov, id);
            }
            arranged = true;
        }
        finally
        {
            Gate.Value.Release();
        }
    }

    private static string Percent(decimal share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Tier(int i) => i switch { 0 => "demonstration", 1 => "excellence", _ => "foundation" };

    [Fact]
    public async Task The_distribution_movements_and_trend_are_drawn_with_the_numbers_of_the_api()
    {
        await ArrangeAsync();
        using var api = await web.Service.ClientAsAsync(Prov);
        var page = await web.SignedInAsync(Prov);
        await page.GotoAsync($"/reports?cycle=2303&region={ProvinceCode}");

        // The charts are drawn: SVG with drawn shapes inside each figure.
        foreach (var figure in new[] { "#figure-tiers", "#figure-children", "#figure-trend" })
        {
            await Assertions.Expect(page.Locator($"{figure} .chart svg").First).ToBeVisibleAsync();
            (await page.Locator($"{figure} .chart svg path").CountAsync()).Should().BeGreaterThan(3, $"{figure} draws its data");
        }
        (await page.Locator("#figure-tiers").GetAttributeAsync("aria-label")).Should().Contain("示范 6 (66.7%)", "the figure says its numbers");

        // The distribution table is the API's report, row by row.
        var distribution = await (await api.GetAsync($"/api/reports/distribution?cycle=2303&region={ProvinceCode}")).ShouldBeOkAsync();
        distribution.GetProperty("total").GetInt32().Should().Be(9);
        var rows = distribution.GetProperty("children").EnumerateArray().Append(distribution).ToList();
        rows.Select(r => r.GetProperty("region").GetString()).Should().Equal(CityA, CityB, ProvinceCode);
        foreach (var row in rows)
        {
            var tr = page.Locator($"#distribution-table tr[data-region='{row.GetProperty("region").GetString()}']");
            await Assertions.Expect(tr.Locator("td").First).ToHaveTextAsync(row.GetProperty("total").GetInt32().ToString(CultureInfo.InvariantCulture));
            for (var t = 0; t < 3; t++)
            {
                await Assertions.Expect(tr.Locator($"td[data-tier='{Tier(t)}']")).ToHaveTextAsync(row.GetProperty("tiers").GetProperty(Tier(t)).GetInt32().ToString(CultureInfo.InvariantCulture));
                await Assertions.Expect(tr.Locator($"td[data-share='{Tier(t)}']")).ToHaveTextAsync(Percent(row.GetProperty("shares").GetProperty(Tier(t)).GetDecimal()));
            }
        }

        // The movement matrix 2302 → 2303: village 1 of each county up from Excellence to Demonstration.
        var movements = await (await api.GetAsync($"/api/reports/movements?from=2302&to=2303&region={ProvinceCode}")).ShouldBeOkAsync();
        movements.GetProperty("up").GetInt32().Should().Be(3);
        for (var f = 0; f < 3; f++)
            for (var t = 0; t < 3; t++)
                await Assertions.Expect(page.Locator($"#movements-table tr[data-from='{Tier(f)}'] td[data-to='{Tier(t)}']"))
                    .ToHaveTextAsync(movements.GetProperty("matrix").GetProperty(Tier(f)).GetProperty(Tier(t)).GetInt32().ToString(CultureInfo.InvariantCulture));

        // The summary sentence, as the summary report says it, and the trend of the demonstration share over the three cycles.
        var summary = await (await api.GetAsync($"/api/reports/summary?from=2301&to=2303&region={ProvinceCode}")).ShouldBeOkAsync();
        await Assertions.Expect(page.Locator("#summary-sentence")).ToHaveTextAsync(summary.GetProperty("sentence").GetString()!);
        foreach (var year in Years)
        {
            var d = await (await api.GetAsync($"/api/reports/distribution?cycle={year}&region={ProvinceCode}")).ShouldBeOkAsync();
            await Assertions.Expect(page.Locator($"#trend-table tr[data-cycle='{year}'] td").Last).ToHaveTextAsync(Percent(d.GetProperty("shares").GetProperty("demonstration").GetDecimal()));
        }
        await Assertions.Expect(page.Locator("#trend-table tr[data-cycle='2301'] td").Last).ToHaveTextAsync("33.3%");

        // Targets against actual: the province's demonstration share met (66.7% ≥ 50%), its foundation cap not (33.3% > 20%), city A's not.
        var targets = page.Locator("#targets-table");
        await Assertions.Expect(targets.Locator($"tr[data-region='{ProvinceCode}'] td").Nth(0)).ToContainTextAsync("50.0% / 66.7% 达标");
        await Assertions.Expect(targets.Locator($"tr[data-region='{ProvinceCode}'] td").Nth(1)).ToContainTextAsync("20.0% / 33.3% 未达标");
        await Assertions.Expect(targets.Locator($"tr[data-region='{CityA}'] td").Nth(0)).ToContainTextAsync("80.0% / 66.7% 未达标");

        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("reports-distribution");
        await page.Locator("#trend-heading").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => document.getElementById('movements-heading').scrollIntoView()");
        await page.ScreenshotAsync("reports-trend");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_csv_download_is_the_api_report_with_its_bom_and_header()
    {
        await ArrangeAsync();
        var page = await web.SignedInAsync(Prov);
        await page.GotoAsync($"/reports?cycle=2303&region={ProvinceCode}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-distribution-csv").ClickAsync());
        download.SuggestedFilename.Should().Be($"distribution-2303-{ProvinceCode}.csv");
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes.Take(3).Should().Equal([0xEF, 0xBB, 0xBF], "a UTF-8 BOM, so that spreadsheet programs read the Chinese names");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        lines[0].Should().Be("region,name,total,demonstration,excellence,foundation,demonstrationShare,excellenceShare,foundationShare");
        lines.Should().Contain($"{ProvinceCode},报表测试省,9,6,0,3,0.6667,0,0.3333");

        using var api = await web.Service.ClientAsAsync(Prov);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/distribution?cycle=2303&region={ProvinceCode}");
        request.Headers.Accept.ParseAdd("text/csv");
        var fromApi = await (await api.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        bytes.Should().Equal(fromApi, "the page's download is the API's report");

        var xlsx = await page.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "XLSX" }).Nth(1).GetAttributeAsync("href") ?? "");
        xlsx.Status.Should().Be(200);
        xlsx.Headers["content-type"].Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.BodyAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_county_officer_sees_only_its_county()
    {
        await ArrangeAsync();
        var page = await web.SignedInAsync(County);
        await page.GotoAsync("/reports?cycle=2303");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("分类评定报表 · 东县 · 2303 年度");
        (await page.Locator("#region option").AllTextContentsAsync()).Should().Equal(["东县"], "the picker offers nothing outside the county");
        (await page.Locator("#distribution-table tbody tr").CountAsync()).Should().Be(1, "one row per township of the county");
        await Assertions.Expect(page.Locator($"#distribution-table tfoot tr[data-region='{Counties[0]}'] td").First).ToHaveTextAsync("3");
        await page.ShouldBeAccessibleAsync();

        var response = await page.GotoAsync($"/reports?cycle=2303&region={ProvinceCode}");
        response!.Status.Should().Be(403);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("lies outside your region");
        (await page.Locator("#distribution-table").CountAsync()).Should().Be(0);
        var download = await page.APIRequest.GetAsync($"/reports/download/distribution.csv?cycle=2303&region={Counties[1]}");
        download.Status.Should().Be(403, "a download outside the county is refused too");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_picker_opens_a_child_region_by_keyboard()
    {
        await ArrangeAsync();
        var page = await web.SignedInAsync(Prov);
        await page.GotoAsync($"/reports?cycle=2303");
        await page.Locator("#region").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown"); // from the province to its first city
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/reports?cycle=2303&region={CityA}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("分类评定报表 · 甲市 · 2303 年度");
        await Assertions.Expect(page.Locator($"#distribution-table tfoot tr[data-region='{CityA}'] td").First).ToHaveTextAsync("6");
        await page.Context.CloseAsync();
    }
}
