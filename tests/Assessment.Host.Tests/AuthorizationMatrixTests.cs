using System.Net;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// Every role against every endpoint that writes (and the scoped reads), inside and outside its
/// region, with the exact status. Users sit in 山东/淄博/高青 (ServiceFixture); "outside" is 广东.
/// </summary>
[Collection(ServiceCollection.Name)]
public class AuthorizationMatrixTests(ServiceFixture service)
{
    public enum Where { Inside, Outside }

    private static string RegionFor(Where where) => where == Where.Inside ? Province.CountyA : "440103000000";

    private static readonly Dictionary<string, Func<Where, HttpRequestMessage>> Endpoints = new()
    {
        ["POST /api/users"] = where => new(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { username = "u" + Guid.NewGuid().ToString("N")[..8], password = "password-1", role = "county", regionCode = RegionFor(where) }),
        },
        ["POST /api/regions:import"] = where => new(HttpMethod.Post, "/api/regions:import")
        {
            Content = Province.CsvContent($"code,name,level,parentCode\n{RegionFor(where)[..6]}188000,矩阵镇,township,{RegionFor(where)}\n"),
        },
        ["GET /api/villages/{code}"] = where => new(HttpMethod.Get, $"/api/villages/{(where == Where.Inside ? Province.VillageA : Province.OtherVillage)}"),
    };

    public static TheoryData<string, string, Where, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<string, string, Where, HttpStatusCode>();
        foreach (var where in new[] { Where.Inside, Where.Outside })
        {
            data.Add("admin", "POST /api/users", where, HttpStatusCode.Created);
            data.Add("admin", "POST /api/regions:import", where, HttpStatusCode.OK);
            data.Add("admin", "GET /api/villages/{code}", where, HttpStatusCode.OK);
            foreach (var user in new[] { "prov", "city", "county", "judge" })
            {
                data.Add(user, "POST /api/users", where, HttpStatusCode.Forbidden);
                data.Add(user, "POST /api/regions:import", where, HttpStatusCode.Forbidden);
                data.Add(user, "GET /api/villages/{code}", where, where == Where.Inside ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            }
            foreach (var endpoint in Endpoints.Keys) data.Add("anonymous", endpoint, where, HttpStatusCode.Unauthorized);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_exactly_this_status(string user, string endpoint, Where where, HttpStatusCode expected)
    {
        using var client = user == "anonymous" ? service.Host.CreateClient() : await service.ClientAsAsync(user);
        var response = await client.SendAsync(Endpoints[endpoint](where));
        if ((int)expected >= 400) await response.ShouldBeProblemAsync(expected);
        else response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }
}
