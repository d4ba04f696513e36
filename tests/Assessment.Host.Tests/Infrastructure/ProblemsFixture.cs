using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// A host of its own on a fake clock (23:59 on 2024-06-30 in Shanghai unless moved), with the test
/// province and one user per role: county officers of 高青 (county) and 沂源 (countyb), 淄博 (city),
/// 山东 (prov), a judge in 高青.
/// </summary>
public sealed class ProblemsFixture : IAsyncLifetime
{
    public const string Password = "password-123";
    public static readonly DateTimeOffset Start = new(2024, 6, 30, 15, 59, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);
    public TestHost Host { get; }

    /// <summary>What the host logs, to wait on (the grains' own lines at Information, the rest at Warning).</summary>
    public LogEvents Logs { get; } = new();

    public ProblemsFixture() =>
        Host = new TestHost(new Dictionary<string, string> { ["Logging:LogLevel:Assessment.Grains"] = "Information" }) { Clock = Clock, Logs = Logs };

    public async ValueTask InitializeAsync()
    {
        using var admin = await Host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var (username, role, region) in new[]
        {
            ("county", "county", Province.CountyA), ("countyb", "county", Province.CountyB), ("city", "city", Province.CityA),
            ("prov", "province", Province.Code), ("judge", "judge", Province.CountyA),
        })
        {
            (await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, regionCode = region })).StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    /// <summary>A client signed in now (tokens follow the fake clock: sign in again after moving it by hours).</summary>
    public Task<HttpClient> ClientAsAsync(string username) => username == "admin" ? Host.AdminAsync() : Host.ClientAsAsync(username, Password);

    public static Dictionary<string, object?> NewProblem(string deadline = "2024-12-31", string severity = "major") => new()
    {
        ["category"] = "软弱涣散", ["description"] = "村两委班子长期不团结，议事决策不规范", ["severity"] = severity,
        ["source"] = "inspection", ["responsible"] = "王建国", ["deadline"] = deadline,
    };

    /// <summary>Records a problem and returns its id.</summary>
    public static async Task<string> RecordAsync(HttpClient county, string village, Dictionary<string, object?>? body = null)
    {
        var response = await county.PostAsJsonAsync($"/api/villages/{village}/problems", body ?? NewProblem());
        var created = await response.ShouldBeOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().Should().Be($"/api/problems/{id}");
        return id;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id) => await (await client.GetAsync($"/api/problems/{id}")).ShouldBeOkAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
