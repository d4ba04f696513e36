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
    private static string ProvinceFor(Where where) => where == Where.Inside ? Province.Code : Province.OtherProvince;

    /// <summary>A cycle of the province inside or outside, frozen, and computed unless <paramref name="compute"/> is false.</summary>
    private static async Task<string> CycleAsync(HttpClient admin, Where where, bool compute = true, bool decide = false, bool publish = false, int noticeDays = 0)
    {
        var id = await Cycles.CreateAsync(admin, new { province = ProvinceFor(where), noticeDays });
        // The village's proposal is a movement whatever earlier tests published: full marks, or none for a Demonstration village.
        var village = await (await admin.GetAsync($"/api/villages/{VillageFor(where)}")).ShouldBeOkAsync();
        if (village.GetProperty("tier").GetString() != "demonstration")
            (await admin.PostAsJsonAsync($"/api/cycles/{id}/villages/{VillageFor(where)}/indicators", new { values = Cycles.FullMarks })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/cycles/{id}/freeze", null)).EnsureSuccessStatusCode();
        if (!compute) return id;
        await Cycles.ComputeAsync(admin, id);
        if (!decide) return id;
        (await admin.PostAsJsonAsync($"/api/cycles/{id}/movements:decide", new { decision = "approve" })).EnsureSuccessStatusCode();
        if (publish) await Cycles.PublishAsync(admin, id);
        return id;
    }

    /// <summary>A problem of the village inside or outside, recorded by the admin (and rectified when asked); its id.</summary>
    private static async Task<string> ProblemAsync(HttpClient admin, Where where, bool rectified = false)
    {
        var created = await (await admin.PostAsJsonAsync($"/api/villages/{VillageFor(where)}/problems", NewProblem)).ShouldBeOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        if (rectified) (await admin.PostAsJsonAsync($"/api/problems/{id}/rectify", new { evidence = "已整改" })).EnsureSuccessStatusCode();
        return id;
    }

    private static readonly object NewProblem = new
    {
        category = "软弱涣散", description = "班子不团结", severity = "minor", source = "inspection", responsible = "王建国", deadline = "2030-06-30",
    };

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
        ["POST /api/cycles/{id}/compute"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post, $"/api/cycles/{await CycleAsync(admin, where, compute: false)}/compute"),
        ["GET /api/cycles/{id}/villages/{code}/assessment"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Get,
            $"/api/cycles/{await CycleAsync(admin, where)}/villages/{VillageFor(where)}/assessment"),
        ["GET /api/cycles/{id}/movements"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Get,
            $"/api/cycles/{await CycleAsync(admin, where)}/movements?region={RegionFor(where)}"),
        ["POST /api/cycles/{id}/movements/{village}/decision"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await CycleAsync(admin, where)}/movements/{VillageFor(where)}/decision") { Content = JsonContent.Create(new { decision = "approve" }) },
        ["POST /api/cycles/{id}/movements:decide"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await CycleAsync(admin, where)}/movements:decide") { Content = JsonContent.Create(new { decision = "approve" }) },
        ["POST /api/cycles/{id}/simulate"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await CycleAsync(admin, where)}/simulate") { Content = JsonContent.Create(new { thresholds = new { enterDemonstration = 90, stayDemonstration = 85, enterExcellence = 75, stayExcellence = 70 } }) },
        ["POST /api/cycles/{id}/publish"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await CycleAsync(admin, where, decide: true)}/publish"),
        ["GET /api/reports/distribution"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Get,
            $"/api/reports/distribution?cycle={await CycleAsync(admin, where, decide: true, publish: true)}&region={RegionFor(where)}"),
        ["GET /api/users"] = (where, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, $"/api/users?region={RegionFor(where)}")),
        ["PUT /api/users/{username}"] = async (where, admin) =>
        {
            var username = "u" + Guid.NewGuid().ToString("N")[..8];
            (await admin.PostAsJsonAsync("/api/users", new { username, password = "password-1", role = "county", regionCode = RegionFor(where) })).EnsureSuccessStatusCode();
            return new HttpRequestMessage(HttpMethod.Put, $"/api/users/{username}") { Content = JsonContent.Create(new { displayName = "矩阵" }) };
        },
        ["POST /api/cycles/{id}/notice"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await CycleAsync(admin, where, decide: true, noticeDays: 5)}/notice"),
        ["POST /api/cycles/{id}/notice:withdraw"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/cycles/{await NoticeAsync(admin, where)}/notice:withdraw"),
        ["GET /api/cycles/{id}/objections"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Get,
            $"/api/cycles/{await NoticeAsync(admin, where)}/objections?region={RegionFor(where)}"),
        ["POST /api/objections/{id}/resolve"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/objections/{await ObjectionAsync(admin, where)}/resolve") { Content = JsonContent.Create(new { outcome = "dismiss", reason = "核实无误" }) },
        ["PUT /api/cycles/{id}/targets/{county}"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Put,
            $"/api/cycles/{await Cycles.CreateAsync(admin, new { province = ProvinceFor(where) })}/targets/{RegionFor(where)}") { Content = JsonContent.Create(new { demonstrationShare = 0.3 }) },
        ["PUT /api/cycles/{id}/targets/{city}"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Put,
            $"/api/cycles/{await Cycles.CreateAsync(admin, new { province = ProvinceFor(where) })}/targets/{(where == Where.Inside ? Province.CityA : "440100000000")}")
        { Content = JsonContent.Create(new { movedUpFromFoundation = 10 }) },
        ["POST /api/competitions"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post, "/api/competitions")
        {
            Content = JsonContent.Create(new { id = "m" + Guid.NewGuid().ToString("N")[..10], name = "矩阵擂台", cycle = (await CompetitionCycleAsync(admin, where)).Cycle, regionCode = RegionFor(where), judges = new[] { "judge" } }),
        },
        ["POST /api/competitions/{id}/contestants"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/competitions/{await CompetitionAsync(admin, where, contestant: false, start: false)}/contestants")
        { Content = JsonContent.Create(new { village = VillageFor(where), presenter = "王建国" }) },
        ["POST /api/competitions/{id}/start"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/competitions/{await CompetitionAsync(admin, where, contestant: true, start: false)}/start"),
        ["POST /api/competitions/{id}/close"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post,
            $"/api/competitions/{await CompetitionAsync(admin, where, contestant: true, start: true)}/close"),
        ["PUT /api/competitions/{id}/scores/{village}"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Put,
            $"/api/competitions/{await CompetitionAsync(admin, where, contestant: true, start: true)}/scores/{VillageFor(where)}")
        { Content = JsonContent.Create(new { criteria = new { ideas = 20, results = 30, style = 10, revitalization = 15 } }) },
        ["POST /api/villages/{code}/problems"] = (where, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"/api/villages/{VillageFor(where)}/problems")
        {
            Content = JsonContent.Create(NewProblem),
        }),
        ["POST /api/problems/{id}/rectify"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{await ProblemAsync(admin, where)}/rectify")
        {
            Content = JsonContent.Create(new { evidence = "已召开专题会议整改" }),
        },
        ["POST /api/problems/{id}/verify"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{await ProblemAsync(admin, where, rectified: true)}/verify")
        {
            Content = JsonContent.Create(new { note = "验收合格" }),
        },
        ["POST /api/problems/{id}/reopen"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{await ProblemAsync(admin, where, rectified: true)}/reopen")
        {
            Content = JsonContent.Create(new { reason = "整改不到位" }),
        },
        ["POST /api/problems/{id}/attachments"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{await ProblemAsync(admin, where)}/attachments?name=scan.pdf")
        {
            Content = new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } },
        },
        ["GET /api/problems/{id}"] = async (where, admin) => new HttpRequestMessage(HttpMethod.Get, $"/api/problems/{await ProblemAsync(admin, where)}"),
    };

    /// <summary>A cycle of 5 notice days, decided, with its notice running.</summary>
    private static async Task<string> NoticeAsync(HttpClient admin, Where where)
    {
        var id = await CycleAsync(admin, where, decide: true, noticeDays: 5);
        (await admin.PostAsync($"/api/cycles/{id}/notice", null)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>
    /// An open objection against the village, lodged straight at its grain: the public endpoint is
    /// rate-limited per address, and every request of this in-process host has the same one.
    /// </summary>
    private static async Task<string> ObjectionAsync(HttpClient admin, Where where)
    {
        var id = await NoticeAsync(admin, where);
        var cycle = await (await admin.GetAsync($"/api/cycles/{id}")).ShouldBeOkAsync();
        var grains = Grains!;
        var village = VillageFor(where);
        var lodged = await grains.GetGrain<Assessment.Abstractions.Notice.ICountyObjectionsGrain>(
                Assessment.Abstractions.Notice.ICountyObjectionsGrain.Key(id, village[..6] + "000000"))
            .LodgeAsync(new Assessment.Domain.Notice.ObjectionInput(village, "矩阵测试：评定结果与实际不符", null),
                cycle.GetProperty("noticeFrom").GetDateTimeOffset(), cycle.GetProperty("noticeUntil").GetDateTimeOffset());
        return lodged.Id;
    }

    private static IGrainFactory? Grains;


    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Where, Lazy<Task<(string Cycle, string Village)>>> CompetitionCycles = new();

    /// <summary>
    /// Once per place: a published cycle in which the village is Excellence, and the cycle right after it
    /// (the next id, so no other cycle is published between them) for competitions.
    /// </summary>
    private static Task<(string Cycle, string Village)> CompetitionCycleAsync(HttpClient admin, Where where) =>
        CompetitionCycles.GetOrAdd(where, w => new Lazy<Task<(string, string)>>(async () =>
        {
            var village = VillageFor(w);
            var published = await Cycles.CreateAsync(admin, new { province = ProvinceFor(w) });
            var next = await Cycles.CreateAsync(admin, new { province = ProvinceFor(w) });
            (await admin.PostAsJsonAsync($"/api/cycles/{published}/villages/{village}/indicators", new { values = Competitions.ExcellenceMarks })).EnsureSuccessStatusCode();
            (await admin.PostAsync($"/api/cycles/{published}/freeze", null)).EnsureSuccessStatusCode();
            await Cycles.ComputeAsync(admin, published);
            (await admin.PostAsJsonAsync($"/api/cycles/{published}/movements:decide", new { decision = "approve", region = ProvinceFor(w) })).EnsureSuccessStatusCode();
            await Cycles.PublishAsync(admin, published);
            return (next, village);
        })).Value;

    /// <summary>A competition of the region inside or outside, judged by "judge" (of 高青县), with the village as contestant and started if asked.</summary>
    private static async Task<string> CompetitionAsync(HttpClient admin, Where where, bool contestant, bool start)
    {
        var (cycle, village) = await CompetitionCycleAsync(admin, where);
        var id = await Competitions.CreateAsync(admin, cycle, RegionFor(where), ["judge"]);
        if (contestant) await Competitions.AddAsync(admin, id, village);
        if (start) await Competitions.PhaseAsync(admin, id, "start");
        return id;
    }

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
                ["POST /api/cycles/{id}/compute"] = (HttpStatusCode.Accepted, HttpStatusCode.Accepted),
                ["GET /api/cycles/{id}/villages/{code}/assessment"] = (ok, ok),
                ["GET /api/cycles/{id}/movements"] = (ok, ok),
                ["POST /api/cycles/{id}/movements/{village}/decision"] = (ok, ok),
                ["POST /api/cycles/{id}/movements:decide"] = (ok, ok),
                ["POST /api/cycles/{id}/simulate"] = (ok, ok),
                ["POST /api/cycles/{id}/publish"] = (HttpStatusCode.Accepted, HttpStatusCode.Accepted),
                ["GET /api/reports/distribution"] = (ok, ok),
                ["GET /api/users"] = (ok, ok),
                ["PUT /api/users/{username}"] = (ok, ok),
                ["POST /api/cycles/{id}/notice"] = (ok, ok),
                ["POST /api/cycles/{id}/notice:withdraw"] = (ok, ok),
                ["GET /api/cycles/{id}/objections"] = (ok, ok),
                ["POST /api/objections/{id}/resolve"] = (ok, ok),
                ["PUT /api/cycles/{id}/targets/{county}"] = (ok, ok),
                ["PUT /api/cycles/{id}/targets/{city}"] = (ok, ok),
                ["POST /api/villages/{code}/problems"] = (HttpStatusCode.Created, HttpStatusCode.Created),
                ["POST /api/problems/{id}/rectify"] = (ok, ok),
                ["POST /api/problems/{id}/verify"] = (ok, ok),
                ["POST /api/problems/{id}/reopen"] = (ok, ok),
                ["POST /api/problems/{id}/attachments"] = (HttpStatusCode.Created, HttpStatusCode.Created),
                ["GET /api/problems/{id}"] = (ok, ok),
            },
            ["prov"] = Reads(ok, no, cycles: true),
            ["city"] = Reads(ok, no, cycles: false, city: true),
            ["county"] = Reads(ok, no, cycles: false, entry: true),
            ["judge"] = Reads(ok, no, cycles: false, reports: false),
        };
        // Competitions: a city or county organizes inside its region; only a judge scores, and "judge" sits in 高青县,
        // the county of the inside village (conflict of interest, 403), so it scores the outside one only.
        var created = HttpStatusCode.Created;
        foreach (var (user, organizer) in new[] { ("admin", true), ("prov", false), ("city", true), ("county", true), ("judge", false) })
        {
            var inside = organizer ? created : no;
            var outside = user == "admin" ? created : no;
            expected[user]["POST /api/competitions"] = (inside, outside);
            expected[user]["POST /api/competitions/{id}/contestants"] = (inside, outside);
            expected[user]["POST /api/competitions/{id}/start"] = (organizer ? ok : no, user == "admin" ? ok : no);
            expected[user]["POST /api/competitions/{id}/close"] = (organizer ? ok : no, user == "admin" ? ok : no);
            expected[user]["PUT /api/competitions/{id}/scores/{village}"] = (no, user == "judge" ? ok : no);
        }
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
    private static Dictionary<string, (HttpStatusCode, HttpStatusCode)> Reads(HttpStatusCode ok, HttpStatusCode no, bool cycles, bool entry = false, bool reports = true, bool city = false) => new()
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
        // The province runs the re-rating of its own province; a cycle of another province is outside.
        ["POST /api/cycles/{id}/compute"] = cycles ? (HttpStatusCode.Accepted, no) : (no, no),
        ["GET /api/cycles/{id}/villages/{code}/assessment"] = (ok, no),
        ["GET /api/cycles/{id}/movements"] = reports ? (ok, no) : (no, no),
        ["POST /api/cycles/{id}/movements/{village}/decision"] = cycles ? (ok, no) : (no, no),
        ["POST /api/cycles/{id}/movements:decide"] = cycles ? (ok, no) : (no, no),
        ["POST /api/cycles/{id}/simulate"] = cycles ? (ok, no) : (no, no),
        ["POST /api/cycles/{id}/publish"] = cycles ? (HttpStatusCode.Accepted, no) : (no, no),
        ["GET /api/reports/distribution"] = reports ? (ok, no) : (no, no),
        ["GET /api/users"] = (no, no),
        ["PUT /api/users/{username}"] = (no, no),
        // The public notice and its objections are the province's; city and county officers read the objections in their region.
        ["POST /api/cycles/{id}/notice"] = cycles ? (ok, no) : (no, no),
        ["POST /api/cycles/{id}/notice:withdraw"] = cycles ? (ok, no) : (no, no),
        ["GET /api/cycles/{id}/objections"] = reports ? (ok, no) : (no, no),
        ["POST /api/objections/{id}/resolve"] = cycles ? (ok, no) : (no, no),
        // Targets: the province sets its own and its cities', a city its counties' (domain.md, Yearly targets).
        ["PUT /api/cycles/{id}/targets/{county}"] = city ? (ok, no) : (no, no),
        ["PUT /api/cycles/{id}/targets/{city}"] = cycles ? (ok, no) : (no, no),
        // Problems are recorded and moved by the county in scope; anyone in scope reads them.
        ["POST /api/villages/{code}/problems"] = entry ? (HttpStatusCode.Created, no) : (no, no),
        ["POST /api/problems/{id}/rectify"] = entry ? (ok, no) : (no, no),
        ["POST /api/problems/{id}/verify"] = entry ? (ok, no) : (no, no),
        ["POST /api/problems/{id}/reopen"] = entry ? (ok, no) : (no, no),
        ["POST /api/problems/{id}/attachments"] = entry ? (HttpStatusCode.Created, no) : (no, no),
        ["GET /api/problems/{id}"] = (ok, no),
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_exactly_this_status(string user, string endpoint, Where where, HttpStatusCode expected)
    {
        Grains ??= (IGrainFactory)service.Host.Services.GetService(typeof(IGrainFactory))!;
        using var admin = await service.AdminAsync();
        using var client = user == "anonymous" ? service.Host.CreateClient() : await service.ClientAsAsync(user);
        var response = await client.SendAsync(await Endpoints[endpoint](where, admin));
        if ((int)expected >= 400) await response.ShouldBeProblemAsync(expected);
        else response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }
}
