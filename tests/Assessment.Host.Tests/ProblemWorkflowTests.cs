using System.Net;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.Infrastructure.ProblemsFixture;

namespace Assessment.Host.Tests;

/// <summary>The closed loop of a problem (domain.md, Problem rectification; api.md, Problems): every step, who and when, and every refusal.</summary>
public class ProblemWorkflowTests(ProblemsFixture service) : IClassFixture<ProblemsFixture>
{
    private const string VillageA2 = "370322102202";

    [Fact]
    public async Task Every_step_of_the_loop_is_recorded_with_who_and_when()
    {
        using var county = await service.ClientAsAsync("county");
        var response = await county.PostAsJsonAsync($"/api/villages/{Province.VillageA}/problems", NewProblem());
        var created = await response.ShouldBeOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        id.Should().MatchRegex($"^{Province.VillageA}-[0-9]+$");
        created.GetProperty("status").GetString().Should().Be("open");

        var rectified = await (await county.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "已召开专题组织生活会，调整班子分工" })).ShouldBeOkAsync();
        rectified.GetProperty("status").GetString().Should().Be("rectified");
        (await (await county.PostAsJsonAsync($"/api/problems/{id}/reopen", new { reason = "回访发现议事仍不规范" })).ShouldBeOkAsync())
            .GetProperty("status").GetString().Should().Be("open");
        (await county.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "建立四议两公开台账" })).StatusCode.Should().Be(HttpStatusCode.OK);
        using var admin = await service.ClientAsAsync("admin");
        (await (await admin.PostAsJsonAsync($"/api/problems/{id}/verify", new { note = "验收合格" })).ShouldBeOkAsync())
            .GetProperty("status").GetString().Should().Be("verified");

        var problem = await GetAsync(county, id);
        problem.GetProperty("village").GetString().Should().Be(Province.VillageA);
        problem.GetProperty("severity").GetString().Should().Be("major");
        problem.GetProperty("deadline").GetString().Should().Be("2024-12-31");
        var steps = problem.GetProperty("transitions").EnumerateArray().ToList();
        steps.Select(t => t.GetProperty("status").GetString()).Should().Equal("open", "rectified", "open", "rectified", "verified");
        steps.Select(t => t.GetProperty("by").GetString()).Should().Equal("county", "county", "county", "county", "admin");
        steps.Should().OnlyContain(t => t.GetProperty("at").GetDateTimeOffset() == service.Clock.GetUtcNow());
        steps[1].GetProperty("evidence").GetString().Should().Be("已召开专题组织生活会，调整班子分工");
        steps[2].GetProperty("reason").GetString().Should().Be("回访发现议事仍不规范");
        steps[3].GetProperty("evidence").GetString().Should().Be("建立四议两公开台账");
        steps[4].GetProperty("note").GetString().Should().Be("验收合格");
    }

    [Fact]
    public async Task A_step_the_status_does_not_allow_is_409_and_a_missing_field_is_422_naming_it()
    {
        using var county = await service.ClientAsAsync("county");
        var id = await RecordAsync(county, Province.VillageA);

        (await (await county.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "  " })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Select(e => e.Field).Should().Equal("evidence");
        (await county.PostAsJsonAsync($"/api/problems/{id}/verify", new { note = "" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await county.PostAsJsonAsync($"/api/problems/{id}/reopen", new { reason = "未整改" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await county.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "已整改" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await county.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "再次整改" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await (await county.PostAsJsonAsync($"/api/problems/{id}/reopen", new { reason = "" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Select(e => e.Field).Should().Equal("reason");
        (await county.PostAsJsonAsync($"/api/problems/{id}/verify", new { note = "合格" })).StatusCode.Should().Be(HttpStatusCode.OK);
        // Verified is closed: a wrong status is 409 even when the field is bad too.
        var closed = await (await county.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        closed.Detail.Should().Contain("verified");
        (await county.PostAsJsonAsync($"/api/problems/{id}/reopen", new { reason = "复发" })).StatusCode.Should().Be(HttpStatusCode.Conflict);

        // Nothing refused changed the problem.
        (await GetAsync(county, id)).GetProperty("transitions").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task Bad_fields_of_a_new_problem_are_422_each_named_and_nothing_is_recorded()
    {
        using var county = await service.ClientAsAsync("county");
        var body = NewProblem(deadline: "2024-13-01", severity: "huge");
        body["category"] = "";
        body["source"] = "selfcheck";
        var problem = await (await county.PostAsJsonAsync($"/api/villages/{VillageA2}/problems", body)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Select(e => e.Field).Should().BeEquivalentTo("category", "severity", "source", "deadline");
        var list = await (await county.GetAsync($"/api/villages/{VillageA2}/problems")).ShouldBeOkAsync();
        list.GetProperty("items").EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_is_404_and_another_county_or_role_is_403()
    {
        using var county = await service.ClientAsAsync("county");
        using var countyB = await service.ClientAsAsync("countyb");
        using var judge = await service.ClientAsAsync("judge");
        using var city = await service.ClientAsAsync("city");
        var id = await RecordAsync(county, Province.VillageA);

        (await county.GetAsync($"/api/problems/{Province.VillageA}-999")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await county.PostAsJsonAsync($"/api/problems/{Province.VillageA}-999/rectify", new { evidence = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await county.GetAsync("/api/problems/not-a-problem")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await county.PostAsJsonAsync("/api/villages/370322102299/problems", NewProblem())).ShouldBeProblemAsync(HttpStatusCode.NotFound); // no such village
        await (await county.PostAsJsonAsync($"/api/villages/{Province.TownshipA}/problems", NewProblem())).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await (await countyB.GetAsync($"/api/problems/{id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await countyB.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "越权整改" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await county.PostAsJsonAsync($"/api/villages/{Province.VillageB}/problems", NewProblem())).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await judge.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "评委整改" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await city.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "市级整改" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await GetAsync(judge, id)).GetProperty("status").GetString().Should().Be("open"); // reading in scope is for every role
        (await GetAsync(city, id)).GetProperty("transitions").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Lists_of_a_village_and_of_a_region_filter_by_status_and_stay_in_scope()
    {
        using var county = await service.ClientAsAsync("county");
        using var countyB = await service.ClientAsAsync("countyb");
        var village = "370322103201";
        var open = await RecordAsync(county, village);
        var rectified = await RecordAsync(county, village, NewProblem(deadline: "2025-03-31", severity: "minor"));
        (await county.PostAsJsonAsync($"/api/problems/{rectified}/rectify", new { evidence = "已整改" })).EnsureSuccessStatusCode();
        var elsewhere = await RecordAsync(countyB, Province.VillageB);

        var list = await (await county.GetAsync($"/api/villages/{village}/problems")).ShouldBeOkAsync();
        list.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("overdue").GetBoolean()))
            .Should().Equal((open, false), (rectified, false));
        using var city = await service.ClientAsAsync("city");
        var rectifiedInCity = await (await city.GetAsync($"/api/problems?region={Province.CityA}&status=rectified")).ShouldBeOkAsync();
        rectifiedInCity.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Should().Contain(rectified).And.NotContain(open);
        var all = await (await city.GetAsync($"/api/problems?region={Province.CityA}")).ShouldBeOkAsync();
        all.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Should().Contain([open, rectified, elsewhere]);
        // The county's own list is its region by default; another county's list is not its to read.
        var mine = await (await county.GetAsync("/api/problems")).ShouldBeOkAsync();
        mine.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Should().Contain(open).And.NotContain(elsewhere);
        await (await county.GetAsync($"/api/problems?region={Province.CountyB}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await (await city.GetAsync($"/api/problems?region={Province.CityA}&status=closed")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .Errors.Select(e => e.Field).Should().Equal("status");
    }
}
