using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Host.Tests;

/// <summary>
/// The public notice (公示) and its objections (异议), domain.md "Public notice and objections", on a
/// host whose clock the tests move (never sleeping) and whose every request comes through a trusted
/// proxy (10.9.9.9), so that X-Forwarded-For names each request's client. Each test has a province
/// of its own: one city of two counties and a second city of one, three villages a county.
/// </summary>
public sealed class NoticeTests : IAsyncLifetime
{
    private const string Password = "password-123";
    private static readonly IPAddress Proxy = IPAddress.Parse("10.9.9.9");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly TestHost host;
    private int nextProvince = 10;
    private int nextAddress = 1;

    public NoticeTests() => host = new TestHost(new Dictionary<string, string> { ["Assessment:ForwardedHeaders:TrustedProxies"] = Proxy.ToString() })
    {
        Clock = clock,
        RemoteAddress = Proxy,
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    /// <summary>A province of the test's own, its users, and the names a public answer must never show.</summary>
    private sealed record Land(string Code, string CityA, string CityB, string[] Counties, string[] Villages)
    {
        public string N => Code[..2];
        public string Prov => $"prov{N}";
        public string City => $"city{N}";
        public string County => $"county{N}";
        /// <summary>Village i of county c: {county}101201 + i.</summary>
        public string Village(int county, int i) => Villages[county * 3 + i];
        public static string Secretary(string village) => $"书记{village[^4..]}";
    }

    private async Task<Land> LandAsync()
    {
        var p = (nextProvince++).ToString();
        string[] counties = [$"{p}0101000000", $"{p}0102000000", $"{p}0201000000"];
        var villages = counties.SelectMany(c => Enumerable.Range(1, 3).Select(i => $"{c[..6]}10120{i}")).ToArray();
        var csv = new System.Text.StringBuilder("code,name,level,parentCode,secretary,members\n");
        csv.Append($"{p}0000000000,测试{p}省,province,,,\n{p}0100000000,甲市,city,{p}0000000000,,\n{p}0200000000,乙市,city,{p}0000000000,,\n");
        foreach (var c in counties)
        {
            csv.Append($"{c},{c[2..6]}县,county,{c[..4]}00000000,,\n{c[..6]}101000,{c[2..6]}镇,township,{c},,\n");
            foreach (var v in villages.Where(v => v.StartsWith(c[..6], StringComparison.Ordinal)))
                csv.Append($"{v},{v[^4..]}村,village,{c[..6]}101000,{Land.Secretary(v)},30\n");
        }
        using var admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(csv.ToString()))).StatusCode.Should().Be(HttpStatusCode.OK);
        var land = new Land($"{p}0000000000", $"{p}0100000000", $"{p}0200000000", counties, villages);
        foreach (var (user, role, region) in new[] { (land.Prov, "province", land.Code), (land.City, "city", land.CityA), (land.County, "county", counties[0]) })
            (await admin.PostAsJsonAsync("/api/users", new { username = user, password = Password, role, regionCode = region })).StatusCode.Should().Be(HttpStatusCode.Created);
        return land;
    }

    /// <summary>Signs in again: tokens last 8 hours on the service's clock, and the tests move it by days.</summary>
    private Task<HttpClient> AsAsync(string user) => user == "admin" ? host.AdminAsync() : host.ClientAsAsync(user, Password);

    /// <summary>A client of the public, without a token, from an address of its own (or the one given).</summary>
    private HttpClient Public(string? address = null)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address ?? $"198.51.100.{nextAddress++}");
        return client;
    }

    /// <summary>
    /// A cycle computed on the given values (villages not named have none), every movement approved
    /// unless <paramref name="decide"/> is false.
    /// </summary>
    private async Task<string> ComputedAsync(Land land, IEnumerable<string> fullMarks, int noticeDays, bool decide = true)
    {
        using var admin = await AsAsync("admin");
        using var prov = await AsAsync(land.Prov);
        var id = await Cycles.CreateAsync(prov, new { noticeDays });
        foreach (var v in fullMarks)
            (await admin.PostAsJsonAsync($"/api/cycles/{id}/villages/{v}/indicators", new { values = Cycles.FullMarks })).EnsureSuccessStatusCode();
        (await prov.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(prov, id);
        if (decide) (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>
    /// Two cycles: the first (no notice) published with village 0 of each county at full marks
    /// (Demonstration) and the others Foundation; the second with village 1 at full marks. So in the
    /// second, village 0 moves down, village 1 up (one step, to Excellence), village 2 stays.
    /// </summary>
    private async Task<string> SecondCycleAsync(Land land, int noticeDays, bool decide = true)
    {
        var first = await ComputedAsync(land, land.Counties.Select((_, c) => land.Village(c, 0)), noticeDays: 0);
        using (var prov = await AsAsync(land.Prov)) await Cycles.PublishAsync(prov, first);
        return await ComputedAsync(land, land.Counties.Select((_, c) => land.Village(c, 1)), noticeDays, decide);
    }

    private static async Task<JsonElement> CycleAsync(HttpClient client, string id) => await (await client.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync();

    private static async Task<string> LodgeAsync(HttpClient client, string id, string village, string text, string? contact = null, HttpStatusCode status = HttpStatusCode.Created)
    {
        var body = await (await client.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village, text, contact })).ShouldBeOkAsync(status);
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_five_day_notice_holds_publishing_until_it_has_run_and_every_objection_is_resolved()
    {
        var land = await LandAsync();
        var id = await SecondCycleAsync(land, noticeDays: 5, decide: false);
        var prov = await AsAsync(land.Prov);

        // Every movement must be decided first; the 409 lists them.
        var undecided = await (await prov.PostAsync($"/api/cycles/{id}/notice", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        undecided.Errors.Should().HaveCount(6, "two movements in each of three counties");
        undecided.Detail.Should().Contain("6 movements are undecided");
        (await CycleAsync(prov, id)).GetProperty("phase").GetString().Should().Be("Computed");
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();

        // With a notice of 5 days, publishing straight from Computed is refused.
        var direct = await (await prov.PostAsync($"/api/cycles/{id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        direct.Detail.Should().Contain("5-day public notice");

        var started = clock.GetUtcNow();
        var notice = await (await prov.PostAsync($"/api/cycles/{id}/notice", null)).ShouldBeOkAsync();
        notice.GetProperty("phase").GetString().Should().Be("Notice");
        notice.GetProperty("noticeFrom").GetDateTimeOffset().Should().Be(started);
        notice.GetProperty("noticeUntil").GetDateTimeOffset().Should().Be(started.AddDays(5));
        var view = await CycleAsync(prov, id);
        view.GetProperty("noticeDays").GetInt32().Should().Be(5);
        view.GetProperty("noticeUntil").GetDateTimeOffset().Should().Be(started.AddDays(5));

        // Decisions are frozen during the notice, and so are the proposals.
        var up = land.Village(0, 1);
        await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{up}/decision", new { decision = "reject" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "reject" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsync($"/api/cycles/{id}/compute", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsync($"/api/cycles/{id}/reopen", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await prov.PostAsync($"/api/cycles/{id}/notice", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        using var citizen = Public();
        var upheld = await LodgeAsync(citizen, id, up, "该村今年集体经济收入并未达到公示所称水平，请核实。", "13800000000");
        var dismissed = await LodgeAsync(citizen, id, land.Village(1, 0), "该村降档理由不充分，群众满意度一直很高。");
        view = await CycleAsync(prov, id);
        view.GetProperty("counts").GetProperty("objections").GetInt32().Should().Be(2);
        view.GetProperty("counts").GetProperty("openObjections").GetInt32().Should().Be(2);

        // 4 days 23 hours: the notice still runs, and objections are open.
        clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromHours(23));
        prov.Dispose();
        prov = await AsAsync(land.Prov);
        var early = await (await prov.PostAsync($"/api/cycles/{id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        early.Detail.Should().Contain("runs until").And.Contain("2 objection(s)");

        // Resolving: a reason is required; an upheld objection may set the final tier; once only.
        var noReason = await (await prov.PostAsJsonAsync($"/api/objections/{dismissed}/resolve", new { outcome = "dismiss", reason = "  " })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        noReason.Errors.Should().Contain(e => e.Field == "reason");
        var resolved = await (await prov.PostAsJsonAsync($"/api/objections/{upheld}/resolve", new { outcome = "uphold", reason = "经核实收入数据有误", tier = "foundation" })).ShouldBeOkAsync();
        resolved.GetProperty("status").GetString().Should().Be("resolved");
        resolved.GetProperty("outcome").GetString().Should().Be("uphold");
        resolved.GetProperty("resolvedBy").GetString().Should().Be(land.Prov);
        resolved.GetProperty("resolvedAt").GetDateTimeOffset().Should().Be(clock.GetUtcNow());
        await (await prov.PostAsJsonAsync($"/api/objections/{upheld}/resolve", new { outcome = "dismiss", reason = "再次处理" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await prov.PostAsJsonAsync($"/api/objections/{dismissed}/resolve", new { outcome = "dismiss", reason = "降档符合规则" })).EnsureSuccessStatusCode();

        // The upheld tier replaced the decision, as an override with the objection's reason.
        var movement = (await Cycles.AllMovementsAsync(prov, id)).Single(m => m.GetProperty("village").GetString() == up);
        movement.GetProperty("decision").GetString().Should().Be("override");
        movement.GetProperty("finalTier").GetString().Should().Be("foundation");
        movement.GetProperty("decisionReason").GetString().Should().Be("经核实收入数据有误");

        // Every objection resolved, but the notice has an hour to run.
        var stillRunning = await (await prov.PostAsync($"/api/cycles/{id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        stillRunning.Detail.Should().Contain("runs until").And.NotContain("objection");
        (await CycleAsync(prov, id)).GetProperty("counts").GetProperty("openObjections").GetInt32().Should().Be(0);

        // 5 days: no objection is taken any more, and publishing goes ahead.
        clock.Advance(TimeSpan.FromHours(1));
        var late = await (await citizen.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = up, text = "公示期结束后提出的异议内容" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        late.Detail.Should().Contain("ended");
        await Cycles.PublishAsync(prov, id);
        (await (await prov.GetAsync($"/api/villages/{up}")).ShouldBeOkAsync()).GetProperty("tier").GetString().Should().Be("foundation", "the upheld objection's tier is what was published");
        await (await prov.PostAsJsonAsync($"/api/objections/{dismissed}/resolve", new { outcome = "dismiss", reason = "发布后" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await citizen.GetAsync($"/api/public/cycles/{id}/notice")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        prov.Dispose();
    }

    [Fact]
    public async Task Withdrawing_goes_back_to_Computed_and_starting_again_runs_the_full_notice_again()
    {
        var land = await LandAsync();
        var prov = await AsAsync(land.Prov);
        var bad = await (await prov.PostAsJsonAsync("/api/cycles", new { id = Cycles.NewId(), noticeDays = 31 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        bad.Errors.Should().Contain(e => e.Field == "noticeDays");

        var id = await ComputedAsync(land, [land.Village(0, 0)], noticeDays: 3);
        await (await prov.PostAsync($"/api/cycles/{id}/notice:withdraw", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await prov.PostAsync($"/api/cycles/{id}/notice", null)).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromDays(1));
        prov.Dispose();
        prov = await AsAsync(land.Prov); // tokens last 8 hours on the service's clock

        var back = await (await prov.PostAsync($"/api/cycles/{id}/notice:withdraw", null)).ShouldBeOkAsync();
        back.GetProperty("phase").GetString().Should().Be("Computed");
        var view = await CycleAsync(prov, id);
        view.TryGetProperty("noticeUntil", out var until).Should().BeTrue();
        until.ValueKind.Should().Be(JsonValueKind.Null);
        // Decisions change again; the board is down.
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{land.Village(0, 0)}/decision", new { decision = "override", tier = "excellence", reason = "撤回后调整" })).EnsureSuccessStatusCode();
        using (var citizen = Public()) await (await citizen.GetAsync($"/api/public/cycles/{id}/notice")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var restarted = await (await prov.PostAsync($"/api/cycles/{id}/notice", null)).ShouldBeOkAsync();
        restarted.GetProperty("noticeFrom").GetDateTimeOffset().Should().Be(clock.GetUtcNow());
        restarted.GetProperty("noticeUntil").GetDateTimeOffset().Should().Be(clock.GetUtcNow().AddDays(3));
        // Two days after the first start would have been three; the notice started again runs until its own end.
        clock.Advance(TimeSpan.FromDays(2));
        prov.Dispose();
        prov = await AsAsync(land.Prov);
        (await (await prov.PostAsync($"/api/cycles/{id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail.Should().Contain("runs until");
        clock.Advance(TimeSpan.FromDays(1));
        prov.Dispose();
        prov = await AsAsync(land.Prov);
        await Cycles.PublishAsync(prov, id);
        prov.Dispose();
    }

    [Fact]
    public async Task Without_notice_days_a_cycle_publishes_from_Computed_as_before_and_has_no_notice_to_start()
    {
        var land = await LandAsync();
        using var prov = await AsAsync(land.Prov);
        var id = await ComputedAsync(land, [land.Village(0, 0)], noticeDays: 0);
        var view = await CycleAsync(prov, id);
        view.GetProperty("noticeDays").GetInt32().Should().Be(0);
        (await (await prov.PostAsync($"/api/cycles/{id}/notice", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail.Should().Contain("noticeDays is 0");
        await Cycles.PublishAsync(prov, id);
    }

    [Fact]
    public async Task The_public_board_and_objections_need_no_token_and_show_nothing_but_the_listed_fields()
    {
        var land = await LandAsync();
        var id = await SecondCycleAsync(land, noticeDays: 5);
        using var prov = await AsAsync(land.Prov);
        using var citizen = Public();
        var everything = new System.Text.StringBuilder();

        await (await citizen.GetAsync($"/api/public/cycles/{id}/notice")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await citizen.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = land.Village(0, 1), text = "公示前提出的异议内容文字" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var overridden = land.Village(2, 1);
        (await prov.PostAsJsonAsync($"/api/cycles/{id}/movements/{overridden}/decision", new { decision = "override", tier = "demonstration", reason = "机密的调整理由" })).EnsureSuccessStatusCode();
        (await prov.PostAsync($"/api/cycles/{id}/notice", null)).EnsureSuccessStatusCode();

        // The board, a page of one at a time: every moving village, by code, with its names and tiers only.
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var response = await citizen.GetAsync($"/api/public/cycles/{id}/notice?limit=1" + (after is null ? "" : $"&after={after}"));
            var text = await response.Content.ReadAsStringAsync();
            everything.Append(text);
            var page = await response.ShouldBeOkAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        var moving = land.Counties.SelectMany((_, c) => new[] { land.Village(c, 0), land.Village(c, 1) }).Order(StringComparer.Ordinal).ToList();
        items.Select(i => i.GetProperty("village").GetString()).Should().Equal(moving);
        foreach (var item in items)
            item.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["village", "name", "countyName", "townshipName", "previousTier", "finalTier", "direction"]);
        var first = items[0];
        first.GetProperty("name").GetString().Should().Be($"{land.Village(0, 0)[^4..]}村");
        first.GetProperty("countyName").GetString().Should().Be($"{land.Counties[0][2..6]}县");
        first.GetProperty("townshipName").GetString().Should().Be($"{land.Counties[0][2..6]}镇");
        first.GetProperty("previousTier").GetString().Should().Be("demonstration");
        first.GetProperty("finalTier").GetString().Should().Be("foundation");
        first.GetProperty("direction").GetString().Should().Be("down");
        items.Single(i => i.GetProperty("village").GetString() == overridden).GetProperty("finalTier").GetString().Should().Be("demonstration");

        // One county's part of it.
        var county = await (await citizen.GetAsync($"/api/public/cycles/{id}/notice?region={land.Counties[1]}")).ShouldBeOkAsync();
        county.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("village").GetString()).Should().Equal(land.Village(1, 0), land.Village(1, 1));
        everything.Append(county.GetRawText());

        // Objections: 201 with an id; the same text again (spaced differently) 200 with the first id.
        var objected = land.Village(0, 1);
        var post = await citizen.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = objected, text = "该村 公示的档次 与实际工作情况不符", contact = "13800000000 张先生" });
        var postText = await post.Content.ReadAsStringAsync();
        everything.Append(postText);
        var objection = (await post.ShouldBeOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        JsonDocument.Parse(postText).RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("id");
        (await LodgeAsync(citizen, id, objected, "  该村　公示的档次\n与实际工作情况不符 ", status: HttpStatusCode.OK)).Should().Be(objection);
        var other = await LodgeAsync(citizen, id, objected, "另一条不同的异议内容，请核实。");
        other.Should().NotBe(objection);

        // 422: a village not on the board (its tier does not change), one that does not exist, a text too short or too long.
        var notListed = await (await citizen.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = land.Village(0, 2), text = "该村未变动但我有意见要提出" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        notListed.Errors.Should().ContainSingle(e => e.Field == "village");
        using var second = Public(); // each address may lodge 5 an hour
        (await (await second.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = "not-a-village", text = "该村未变动但我有意见要提出" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Should().ContainSingle(e => e.Field == "village");
        (await (await second.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = objected, text = "太短" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Should().ContainSingle(e => e.Field == "text");
        (await (await second.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = objected, text = new string('长', 1001) })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Should().ContainSingle(e => e.Field == "text");
        await (await second.PostAsync($"/api/public/cycles/{id}/objections", new StringContent("{\"village\": 12", System.Text.Encoding.UTF8, "application/json"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var third = Public();
        await (await third.PostAsync($"/api/public/cycles/{id}/objections", new StringContent($"{{\"village\":\"{objected}\",\"text\":\"{new string('x', 20_000)}\"}}", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // Nothing public names a score, an indicator value, an officer, a secretary, a reason or a contact.
        var all = everything.ToString();
        all.Should().NotContain("score").And.NotContain("collective_income").And.NotContain(land.Prov).And.NotContain("admin")
            .And.NotContain("机密的调整理由").And.NotContain("13800000000").And.NotContain("decision");
        foreach (var v in land.Villages) all.Should().NotContain(Land.Secretary(v));

        // The officers' list: the province sees the contact, a city officer in scope does not; a county officer sees its county only.
        var listed = await (await prov.GetAsync($"/api/cycles/{id}/objections?status=open")).ShouldBeOkAsync();
        var mine = listed.GetProperty("items").EnumerateArray().Single(o => o.GetProperty("id").GetString() == objection);
        mine.GetProperty("contact").GetString().Should().Be("13800000000 张先生");
        mine.GetProperty("village").GetString().Should().Be(objected);
        mine.GetProperty("status").GetString().Should().Be("open");
        listed.GetProperty("items").GetArrayLength().Should().Be(2);
        using var city = await AsAsync(land.City);
        var cityList = await (await city.GetAsync($"/api/cycles/{id}/objections")).ShouldBeOkAsync();
        cityList.GetProperty("items").GetArrayLength().Should().Be(2);
        cityList.GetRawText().Should().NotContain("13800000000");
        using var countyOfficer = await AsAsync(land.County);
        await (await countyOfficer.GetAsync($"/api/cycles/{id}/objections?region={land.Counties[1]}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await (await countyOfficer.GetAsync($"/api/cycles/{id}/objections")).ShouldBeOkAsync()).GetProperty("items").GetArrayLength().Should().Be(2);
        (await (await prov.GetAsync($"/api/cycles/{id}/objections?status=resolved")).ShouldBeOkAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        await (await city.PostAsJsonAsync($"/api/objections/{objection}/resolve", new { outcome = "dismiss", reason = "市级无权处理" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_sixth_objection_in_an_hour_from_one_address_is_429_and_nothing_else_is_slowed()
    {
        var land = await LandAsync();
        var id = await SecondCycleAsync(land, noticeDays: 5);
        using (var prov = await AsAsync(land.Prov)) (await prov.PostAsync($"/api/cycles/{id}/notice", null)).EnsureSuccessStatusCode();
        using var busy = Public("203.0.113.7");
        for (var i = 0; i < 5; i++)
            await LodgeAsync(busy, id, land.Village(i % 3, 1), $"第{i + 1}条异议：请核实该村的评定结果。");

        var refused = await busy.PostAsJsonAsync($"/api/public/cycles/{id}/objections", new { village = land.Village(0, 0), text = "第六条异议：请核实该村的评定结果。" });
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        retryAfter.Should().BeInRange(1, 3600);

        // The same address still reads the board; another address still objects.
        (await busy.GetAsync($"/api/public/cycles/{id}/notice")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var neighbour = Public("203.0.113.8");
        await LodgeAsync(neighbour, id, land.Village(0, 0), "第六条异议：请核实该村的评定结果。");
        using (var prov = await AsAsync(land.Prov))
            (await CycleAsync(prov, id)).GetProperty("counts").GetProperty("objections").GetInt32().Should().Be(6, "the refused one was not taken");
    }
}
