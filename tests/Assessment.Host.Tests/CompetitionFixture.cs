using System.Net;
using System.Net.Http.Json;
using System.Text;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// A host with a province for competitions: 淄博市 with 高青县 (40 villages in four townships) and
/// 沂源县 (3 villages), and 枣庄市 (1 village). Cycle 2023 is published with every village Excellence
/// but <see cref="Foundation"/>; competitions run in cycle 2024. Organizers of each county and of the
/// city, the province, eleven judges of the city (no county, so no conflict of interest), a judge of
/// 高青县 and one of 沂源县.
/// </summary>
public sealed class CompetitionFixture : IAsyncLifetime
{
    public const string Password = "password-123";
    public const string Province = "370000000000";
    public const string City = "370300000000";
    public const string Gaoqing = "370322000000";
    public const string Yiyuan = "370323000000";
    public const string OtherCity = "370400000000";
    public const string Published = "2023";
    public const string Cycle = "2024";
    /// <summary>A 高青县 village rated Foundation in 2023.</summary>
    public const string Foundation = "370322101201";

    public TestHost Host { get; } = new();

    /// <summary>高青县's Excellence villages, by code.</summary>
    public static readonly IReadOnlyList<string> GaoqingVillages =
        [.. Enumerable.Range(101, 4).SelectMany(t => Enumerable.Range(201, 10).Select(v => $"370322{t}{v}")).Where(v => v != Foundation)];
    public static readonly IReadOnlyList<string> YiyuanVillages = ["370323101201", "370323101202", "370323101203"];
    public const string OtherCityVillage = "370402001201";

    public static readonly string[] Judges = [.. Enumerable.Range(1, 11).Select(i => $"j{i}")];

    public async ValueTask InitializeAsync()
    {
        using var admin = await Host.AdminAsync();
        var csv = new StringBuilder("code,name,level,parentCode,secretary,members\n");
        csv.Append($"{Province},山东省,province,,,\n{City},淄博市,city,{Province},,\n{Gaoqing},高青县,county,{City},,\n");
        for (var t = 101; t <= 104; t++)
        {
            csv.Append($"370322{t}000,镇{t},township,{Gaoqing},,\n");
            for (var v = 201; v <= 210; v++) csv.Append($"370322{t}{v},村{t}{v},village,370322{t}000,书记{v},30\n");
        }
        csv.Append($"{Yiyuan},沂源县,county,{City},,\n370323101000,南麻街道,township,{Yiyuan},,\n");
        foreach (var v in YiyuanVillages) csv.Append($"{v},沂源{v[^3..]}村,village,370323101000,孙丽,40\n");
        csv.Append($"{OtherCity},枣庄市,city,{Province},,\n370402000000,市中区,county,{OtherCity},,\n370402001000,中心街道,township,370402000000,,\n{OtherCityVillage},光明村,village,370402001000,吴敏,35\n");
        var import = await admin.PostAsync("/api/regions:import", Infrastructure.Province.CsvContent(csv.ToString()));
        import.StatusCode.Should().Be(HttpStatusCode.OK, await import.Content.ReadAsStringAsync());

        var users = new List<(string, string, string)>
        {
            ("prov", "province", Province), ("org-zb", "city", City), ("org-zz", "city", OtherCity),
            ("org-gq", "county", Gaoqing), ("org-yy", "county", Yiyuan), ("judge-gq", "judge", Gaoqing), ("judge-yy", "judge", Yiyuan),
        };
        users.AddRange(Judges.Select(j => (j, "judge", City)));
        foreach (var (username, role, region) in users)
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, regionCode = region });
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        await Competitions.PublishExcellenceAsync(admin, Province, [.. GaoqingVillages, .. YiyuanVillages, OtherCityVillage], Published);
        (await admin.PostAsJsonAsync("/api/cycles", new { id = Cycle, province = Province })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    public Task<HttpClient> As(string username) => username == "admin" ? Host.AdminAsync() : Host.ClientAsAsync(username, Password);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CompetitionCollection : ICollectionFixture<CompetitionFixture>
{
    public const string Name = "competitions";
}
