using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.Infrastructure.ProblemsFixture;

namespace Assessment.Host.Tests;

/// <summary>Rule 4 of the tier rule in the yearly compute: a major problem not verified holds a Foundation village at Foundation.</summary>
public class ProblemHoldTests
{
    private const string VillageA2 = "370322102202";

    [Fact]
    public async Task A_major_problem_holds_a_Foundation_village_and_verifying_it_lifts_the_hold_at_the_next_compute()
    {
        var first = new TestHost();
        string cycle, problem;
        await using (first)
        {
            using var admin = await first.AdminAsync();
            (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await admin.PostAsJsonAsync("/api/users", new { username = "county", password = Password, role = "county", regionCode = Province.CountyA }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
            // A first cycle rates every village Foundation (no values).
            var before = await Cycles.CreateAsync(admin, new { province = Province.Code });
            (await admin.PostAsync($"/api/cycles/{before}/freeze", null)).EnsureSuccessStatusCode();
            await Cycles.ComputeAsync(admin, before);
            (await admin.PostAsJsonAsync($"/api/cycles/{before}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
            await Cycles.PublishAsync(admin, before);

            using var county = await first.ClientAsAsync("county", Password);
            problem = await RecordAsync(county, Province.VillageA, NewProblem(deadline: "2030-06-30", severity: "major"));
            await RecordAsync(county, VillageA2, NewProblem(deadline: "2030-06-30", severity: "minor")); // a minor problem holds nothing

            // Full marks: each would move up one tier, to Excellence.
            cycle = await Cycles.CreateAsync(admin, new { province = Province.Code });
            foreach (var v in new[] { Province.VillageA, VillageA2 })
                (await admin.PostAsJsonAsync($"/api/cycles/{cycle}/villages/{v}/indicators", new { values = Cycles.FullMarks })).EnsureSuccessStatusCode();
            (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null)).EnsureSuccessStatusCode();
            await Cycles.ComputeAsync(admin, cycle);

            var held = await AssessmentAsync(admin, cycle, Province.VillageA);
            held.GetProperty("previousTier").GetString().Should().Be("foundation");
            held.GetProperty("score").GetDecimal().Should().Be(100m);
            held.GetProperty("proposedTier").GetString().Should().Be("foundation");
            var reason = held.GetProperty("reasons").EnumerateArray().Last();
            reason.GetProperty("en").GetString().Should().Be($"held at 强基: 1 major problem still open ({problem}, deadline 2030-06-30)");
            reason.GetProperty("zh").GetString().Should().Contain(problem).And.Contain("2030-06-30");
            (await AssessmentAsync(admin, cycle, VillageA2)).GetProperty("proposedTier").GetString().Should().Be("excellence");

            // Rectified is not enough; verified lifts the hold, but not from the proposal already made.
            (await county.PostAsJsonAsync($"/api/problems/{problem}/rectify", new { evidence = "已调整班子分工" })).EnsureSuccessStatusCode();
            (await county.PostAsJsonAsync($"/api/problems/{problem}/verify", new { note = "验收合格" })).EnsureSuccessStatusCode();
        }

        // Another host reads the proposals from storage: the hold of the compute is kept with them.
        await using var second = first.Sibling();
        using var again = await second.AdminAsync();
        var stored = await AssessmentAsync(again, cycle, Province.VillageA);
        stored.GetProperty("proposedTier").GetString().Should().Be("foundation");
        stored.GetProperty("reasons").EnumerateArray().Last().GetProperty("en").GetString().Should().Contain(problem);

        await Cycles.ComputeAsync(again, cycle);
        var lifted = await AssessmentAsync(again, cycle, Province.VillageA);
        lifted.GetProperty("proposedTier").GetString().Should().Be("excellence");
        lifted.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("en").GetString()).Should().NotContain(r => r!.Contains("held"));
    }

    private static async Task<JsonElement> AssessmentAsync(HttpClient client, string cycle, string village) =>
        await (await client.GetAsync($"/api/cycles/{cycle}/villages/{village}/assessment")).ShouldBeOkAsync();
}
