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
    private static string VillageFor(Where where) => where == Where.Inside ? Province.VillageA : Province.OtherVillage;

    /// <summary>Builds the request; may first prepare what it needs (a fresh cycle) as the admin.</summary>
    private delegate Task<HttpRequestMessage> Endpoint(Where where, HttpClient admin);

    private static readonly Dictionary<string, Endpoint> Endpoints = new()
    {
        ["POST /api/users"] = (where, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { username = "u" + Guid.NewGuid().ToString("N")[..8], password = "password-1", role = "county", regionCode = RegionFor(where) }),
        }),
        ["POST /api/regions:import"] = (where, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/regions:import")
        {
            Content = Province.CsvContent($"code,name,level,parentCode\n{RegionFor(where)[..6]}188000,矩阵镇,township,{RegionFor(where)}\n"),
        }),
        ["GET /api/villages/{code}"] = (where, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/villages/{VillageFor(where)}")),
        ["GET /api/villages/{code}/ledger"] = (where, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/villages/{VillageFor(where)}/ledger")),
        ["POST /api/cycles"] = (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/cycles") { Content = JsonContent.Create(new { id = Cycles.NewId() }) }),
        ["POST /api/cycles/{id}/freeze"] = async (_, admin) => new HttpRequestMessage(HttpMethod.Post, $"/api/cycles/{await Cycles.CreateAsync(admin)}/freeze"),
        ["POST /api/cycles/{id}/reopen"] = async (_, admin) =>
        {
            var id = await Cycles.CreateAsync(admin);
            (await admin.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
            return new HttpRequestMessage(HttpMethod.Post, $"/api/cycles/{id}/reopen");
        },
        ["POST /api/cycles/{id}/villages/{code}/indicators"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await Cycles.CreateAsync(admin)}/villages/{VillageFor(where)}/indicators")
        {
            Content = JsonContent.Create(new { values = new { new_members = 1 } }),
        },
        ["POST /api/cycles/{id}/indicators:import"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await Cycles.CreateAsync(admin)}/indicators:import")
        {
            Content = Cycles.Csv($"village,indicator,value\n{VillageFor(where)},new_members,1\n"),
        },
        ["GET /api/reports/completeness"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Get,
            $"/api/reports/completeness?cycle={await Cycles.CreateAsync(admin)}&region={RegionFor(where)}"),
    };

    public static TheoryData<string, string, Where, HttpStatusCode> Matrix()
    {
        var ok = HttpStatusCode.OK;
        var no = HttpStatusCode.Forbidden;
        // role → endpoint → (inside, outside)
        var expected = new Dictionary<string, Dictionary<string, (HttpStatusCode, HttpStatusCode)>>
        {
            ["admin"] = new()
            {
                ["POST /api/users"] = (HttpStatusCode.Created, HttpStatusCode.Created),
                ["POST /api/regions:import"] = (ok, ok),
                ["GET /api/villages/{code}"] = (ok, ok),
                ["GET /api/villages/{code}/ledger"] = (ok, ok),
                ["POST /api/cycles"] = (HttpStatusCode.Created, HttpStatusCode.Created),
                ["POST /api/cycles/{id}/freeze"] = (ok, ok),
                ["POST /api/cycles/{id}/reopen"] = (ok, ok),
                ["POST /api/cycles/{id}/villages/{code}/indicators"] = (ok, ok),
                ["POST /api/cycles/{id}/indicators:import"] = (ok, ok),
                ["GET /api/reports/completeness"] = (ok, ok),
            },
            ["prov"] = Reads(ok, no, cycles: true),
            ["city"] = Reads(ok, no, cycles: false),
            ["county"] = Reads(ok, no, cycles: false, entry: true),
            ["judge"] = Reads(ok, no, cycles: false, reports: false),
        };
        var data = new TheoryData<string, string, Where, HttpStatusCode>();
        foreach (var (user, endpoints) in expected)
        {
            foreach (var (endpoint, (inside, outside)) in endpoints)
            {
                data.Add(user, endpoint, Where.Inside, inside);
                data.Add(user, endpoint, Where.Outside, outside);
            }
        }
        foreach (var endpoint in Endpoints.Keys)
        {
            data.Add("anonymous", endpoint, Where.Inside, HttpStatusCode.Unauthorized);
        }
        return data;
    }

    /// <summary>What a non-admin role may do: scoped reads inside its region; cycles for the province; data entry for the county.</summary>
    private static Dictionary<string, (HttpStatusCode, HttpStatusCode)> Reads(HttpStatusCode ok, HttpStatusCode no, bool cycles, bool entry = false, bool reports = true) => new()
    {
        ["POST /api/users"] = (no, no),
        ["POST /api/regions:import"] = (no, no),
        ["GET /api/villages/{code}"] = (ok, no),
        ["GET /api/villages/{code}/ledger"] = (ok, no),
        ["POST /api/cycles"] = cycles ? (HttpStatusCode.Created, HttpStatusCode.Created) : (no, no),
        ["POST /api/cycles/{id}/freeze"] = cycles ? (ok, ok) : (no, no),
        ["POST /api/cycles/{id}/reopen"] = cycles ? (ok, ok) : (no, no),
        ["POST /api/cycles/{id}/villages/{code}/indicators"] = entry ? (ok, no) : (no, no),
        // A county's file may hold its own villages only: another county's village is a bad row.
        ["POST /api/cycles/{id}/indicators:import"] = entry ? (ok, HttpStatusCode.UnprocessableEntity) : (no, no),
        ["GET /api/reports/completeness"] = reports ? (ok, no) : (no, no),
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_exactly_this_status(string user, string endpoint, Where where, HttpStatusCode expected)
    {
        using var admin = await service.AdminAsync();
        using var client = user == "anonymous" ? service.Host.CreateClient() : await service.ClientAsAsync(user);
        var response = await client.SendAsync(await Endpoints[endpoint](where, admin));
        if ((int)expected >= 400) await response.ShouldBeProblemAsync(expected);
        else response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }
}
