using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;

namespace Assessment.Host.Tests.Infrastructure;

public static class Cycles
{
    private static int next = 5000;

    /// <summary>A cycle id no other test uses, so that each test has its own ledger.</summary>
    public static string NewId() => Interlocked.Increment(ref next).ToString();

    public static async Task<string> CreateAsync(HttpClient province, object? extra = null)
    {
        var id = NewId();
        var body = new Dictionary<string, object?> { ["id"] = id };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var response = await province.PostAsJsonAsync("/api/cycles", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>Every ledger entry of a village (all pages), as raw JSON.</summary>
    public static async Task<List<JsonElement>> LedgerAsync(HttpClient client, string village, string? cycle, int limit = 1000)
    {
        var entries = new List<JsonElement>();
        string? after = null;
        do
        {
            var url = $"/api/villages/{village}/ledger?limit={limit}" + (cycle is null ? "" : $"&cycle={cycle}") + (after is null ? "" : $"&after={after}");
            var page = await (await client.GetAsync(url)).ShouldBeOkAsync();
            entries.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        return entries;
    }

    /// <summary>Every indicator of the default catalog at its target, no veto: a score of 100.</summary>
    public static readonly Dictionary<string, object> FullMarks = new()
    {
        ["secretary_training_hours"] = 40, ["committee_cross_serving"] = true, ["reserve_cadres"] = 3, ["new_members"] = 2,
        ["member_training_rate"] = 100, ["mobile_members_contacted_rate"] = 100, ["three_meetings_one_lesson"] = 24, ["theme_party_days"] = 12,
        ["collective_income"] = 50, ["cooperative_led"] = true, ["income_growth_rate"] = 15, ["disputes_resolved_rate"] = 100,
        ["petitions"] = 0, ["grid_coverage_rate"] = 100, ["hotline_satisfaction"] = 100, ["households_visited_rate"] = 100,
        ["serious_violation"] = false, ["major_safety_incident"] = false,
    };

    public static HttpContent Csv(string text, string charset = "utf-8", bool bom = false)
    {
        var bytes = charset == "gb18030" ? Province.Gb18030.GetBytes(text) : System.Text.Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return new ByteArrayContent(bytes) { Headers = { ContentType = new("text/csv") { CharSet = charset } } };
    }

    public static async Task ComputeAsync(HttpClient province, string cycle)
    {
        var started = await province.PostAsync($"/api/cycles/{cycle}/compute", null);
        started.StatusCode.Should().Be(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        await WaitForPhaseAsync(province, cycle, "Computed", TimeSpan.FromSeconds(60));
    }

    /// <summary>Publish answers 202 with the cycle's address to poll; the cycle becomes Published when every county is.</summary>
    public static async Task PublishAsync(HttpClient province, string cycle)
    {
        var started = await province.PostAsync($"/api/cycles/{cycle}/publish", null);
        started.StatusCode.Should().Be(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        started.Headers.Location!.ToString().Should().Be($"/api/cycles/{cycle}");
        await WaitForPhaseAsync(province, cycle, "Published", TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits for the phase; while a dead silo's grains move to another, the answer may be 503 for a few seconds.</summary>
    public static async Task<JsonElement> WaitForPhaseAsync(HttpClient client, string cycle, string phase, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await client.GetAsync($"/api/cycles/{cycle}");
            var view = response.StatusCode == HttpStatusCode.ServiceUnavailable ? (JsonElement?)null : await response.ShouldBeOkAsync();
            if (view?.GetProperty("phase").GetString() == phase) return view.Value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"cycle {cycle} did not become {phase}: {view}");
            await Task.Delay(100);
        }
    }

    public static async Task<List<JsonElement>> AllMovementsAsync(HttpClient client, string cycle, int limit = 37)
    {
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await (await client.GetAsync($"/api/cycles/{cycle}/movements?limit={limit}" + (after is null ? "" : $"&after={after}"))).ShouldBeOkAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        return items;
    }
}
