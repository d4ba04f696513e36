using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>Helpers for competition tests: villages made Excellence by a published cycle, and competitions.</summary>
public static class Competitions
{
    /// <summary>
    /// Full marks but no collective income (15) and no income growth (6): a score of 79, which is
    /// Excellence (创优) whatever the village was before (≥ 70 to enter, &lt; 80 to stay Demonstration).
    /// </summary>
    public static readonly Dictionary<string, object> ExcellenceMarks = new(Cycles.FullMarks)
    {
        ["collective_income"] = 0,
        ["income_growth_rate"] = 0,
    };

    /// <summary>
    /// Publishes a cycle of <paramref name="province"/> in which <paramref name="excellent"/> are rated
    /// Excellence (the others, without values, Foundation), and returns it.
    /// </summary>
    public static async Task<string> PublishExcellenceAsync(HttpClient admin, string province, IEnumerable<string> excellent, string? id = null)
    {
        var cycle = id ?? Cycles.NewId();
        (await admin.PostAsJsonAsync("/api/cycles", new { id = cycle, province })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var county in excellent.GroupBy(v => v[..6]))
        {
            var csv = new StringBuilder("village,indicator,value\n");
            foreach (var village in county)
                foreach (var (indicator, value) in ExcellenceMarks)
                    csv.Append($"{village},{indicator},{(value is bool b ? (b ? "true" : "false") : value)}\n");
            var import = await admin.PostAsync($"/api/cycles/{cycle}/indicators:import", Cycles.Csv(csv.ToString()));
            import.StatusCode.Should().Be(HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        }
        (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Cycles.ComputeAsync(admin, cycle);
        var decide = await admin.PostAsJsonAsync($"/api/cycles/{cycle}/movements:decide", new { decision = "approve", region = province });
        decide.StatusCode.Should().Be(HttpStatusCode.OK, await decide.Content.ReadAsStringAsync());
        await Cycles.PublishAsync(admin, cycle);
        return cycle;
    }

    public static async Task<string> CreateAsync(HttpClient organizer, string cycle, string region, IEnumerable<string> judges, object? criteria = null, string? tieBreak = null)
    {
        var id = "c" + Guid.NewGuid().ToString("N")[..10];
        var response = await organizer.PostAsJsonAsync("/api/competitions", new { id, name = "擂台比武 " + id, cycle, regionCode = region, judges, criteria, tieBreak });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    public static async Task AddAsync(HttpClient organizer, string id, string village, int session = 1, int? order = null)
    {
        var response = await organizer.PostAsJsonAsync($"/api/competitions/{id}/contestants", new { village, presenter = "书记 " + village[^3..], session, order });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static async Task PhaseAsync(HttpClient organizer, string id, string action)
    {
        var response = await organizer.PostAsync($"/api/competitions/{id}/{action}", null);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> ScoreAsync(HttpClient judge, string id, string village, object criteria) =>
        judge.PutAsJsonAsync($"/api/competitions/{id}/scores/{village}", new { criteria });

    public static object Sheet(decimal ideas, decimal results, decimal style, decimal revitalization) => new { ideas, results, style, revitalization };

    public static async Task<JsonElement> BoardAsync(HttpClient client, string id) =>
        await (await client.GetAsync($"/api/competitions/{id}/scoreboard")).ShouldBeOkAsync();
}
