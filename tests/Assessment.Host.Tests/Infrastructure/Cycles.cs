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

    public static HttpContent Csv(string text, string charset = "utf-8", bool bom = false)
    {
        var bytes = charset == "gb18030" ? Province.Gb18030.GetBytes(text) : System.Text.Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return new ByteArrayContent(bytes) { Headers = { ContentType = new("text/csv") { CharSet = charset } } };
    }
}
