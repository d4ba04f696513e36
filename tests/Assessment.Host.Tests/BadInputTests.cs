using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// Every operation of the service's own OpenAPI document, probed as a fuzzer would: each path and query
/// parameter blank, whitespace, with a '/', over-long and non-ASCII, and each body malformed, empty,
/// null, deeply nested, wrong-typed, out of range and oversized. No answer may be a 5xx, and every 4xx
/// must be problem+json with a detail and declared for the operation in the document. An endpoint added
/// later is probed the same way, unasked.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TestHost host = new();
    private HttpClient admin = null!;
    private string cycle = "";

    public async ValueTask InitializeAsync()
    {
        admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).EnsureSuccessStatusCode();
        cycle = await Cycles.CreateAsync(admin);
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    /// <summary>Values a fuzzer tries for any parameter, as they appear in the URL (already escaped).</summary>
    public static readonly string[] BadValues =
    [
        "", "%20", "%09", "a%2Fb", "..%2F..%2F", "%00", new string('9', 300), "%E6%9D%91", "-1", "1e400", "null", "true",
    ];

    /// <summary>Bodies a fuzzer sends to any operation that takes one.</summary>
    private static IEnumerable<(string Name, HttpContent? Content)> BadBodies()
    {
        yield return ("none", null);
        yield return ("empty JSON", Json(""));
        yield return ("malformed JSON", Json("{\"values\":"));
        yield return ("null", Json("null"));
        yield return ("an array", Json("[1,2]"));
        yield return ("deep nesting", Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("strings where numbers belong", Json("{\"username\":10,\"values\":{\"new_members\":\"x\"},\"closesAt\":\"not-a-date\",\"limit\":\"abc\"}"));
        yield return ("a number beyond decimal", Json("{\"values\":{\"new_members\":1e400,\"collective_income\":79228162514264337593543950336}}"));
        yield return ("text/plain", new StringContent("hello", Encoding.UTF8, "text/plain"));
        yield return ("junk CSV", new ByteArrayContent([0xFF, 0xFE, 0x00, 0x81, 0x30, 0x0A]) { Headers = { ContentType = new("text/csv") } });
        yield return ("17 MiB of JSON", Json("{\"values\":\"" + new string('x', 17 * 1024 * 1024) + "\"}"));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task No_parameter_or_body_of_any_operation_gets_a_5xx_or_an_answer_without_a_detail()
    {
        var operations = await OperationsAsync();
        operations.Should().HaveCountGreaterThan(20, "the document lists every operation");
        var failures = new List<string>();

        foreach (var op in operations)
        {
            foreach (var parameter in op.PathParameters)
            {
                // Kestrel itself answers an empty segment (another route) and a NUL in a path (400) before any endpoint.
                foreach (var bad in BadValues.Where(v => v is not ("" or "%00")))
                    await ProbeAsync(op, op.Url(parameter, bad), Body(op), $"path {parameter}={bad}", failures);
            }
            foreach (var parameter in op.QueryParameters)
            {
                var others = string.Concat(op.QueryParameters.Where(p => p != parameter && ValidQuery(p) is not null).Select(p => $"&{p}={ValidQuery(p)}"));
                foreach (var bad in BadValues)
                    await ProbeAsync(op, op.Url() + $"?{parameter}={bad}{others}", Body(op), $"query {parameter}={bad}", failures);
            }
            if (op.TakesBody)
            {
                foreach (var (name, content) in BadBodies())
                    await ProbeAsync(op, op.Url(), content, $"body {name}", failures);
            }
        }

        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} answers were a 5xx or lacked a problem detail:\n" + string.Join("\n", failures));
    }

    /// <summary>A plausible body for the operation, so that a parameter's probe is not refused for the body instead.</summary>
    private static HttpContent? Body(Operation op) => op.TakesBody ? Json("{}") : null;

    private async Task ProbeAsync(Operation op, string url, HttpContent? content, string what, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(op.Method), url) { Content = content };
        using var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{op.Method} {op.Path} with {what} → {(int)response.StatusCode}";
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{where}: {Shorten(text)}");
            return;
        }
        if ((int)response.StatusCode < 400) return;
        if (!op.Declared.Contains(((int)response.StatusCode).ToString()))
            failures.Add($"{where}: the OpenAPI document does not declare {(int)response.StatusCode} for this operation");
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{where}: not problem+json ({response.Content.Headers.ContentType})");
            return;
        }
        using var problem = JsonDocument.Parse(text);
        if (!problem.RootElement.TryGetProperty("detail", out var detail) || string.IsNullOrWhiteSpace(detail.GetString()))
            failures.Add($"{where}: no detail: {Shorten(text)}");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record Operation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, bool TakesBody,
        IReadOnlySet<string> Declared, Func<string, string> Valid)
    {
        /// <summary>The path with every parameter at a valid value, except <paramref name="bad"/> in <paramref name="parameter"/>.</summary>
        public string Url(string? parameter = null, string? bad = null)
        {
            var url = Path;
            foreach (var p in PathParameters) url = url.Replace("{" + p + "}", p == parameter ? bad : Valid(p));
            return url;
        }
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var anonymous = host.CreateClient();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).ShouldBeOkAsync();
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "parameters" or "summary" or "description") continue;
                var parameters = method.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().ToList() : [];
                string[] Named(string kind) => parameters.Where(p => p.GetProperty("in").GetString() == kind).Select(p => p.GetProperty("name").GetString()!).ToArray();
                var declared = method.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, Named("path"), Named("query"),
                    method.Value.TryGetProperty("requestBody", out _), declared, ValidValue));
            }
        }
        return operations;
    }

    /// <summary>A valid value for a query parameter by its name (null: leave it out), so that only the probed one is bad.</summary>
    private string? ValidQuery(string parameter) => parameter switch
    {
        "cycle" or "from" or "to" => cycle,
        "region" => Province.CountyA,
        "village" => Province.VillageA,
        "limit" => "10",
        _ => null,
    };

    /// <summary>A valid value for a path parameter by its name, so that only the probed one is bad.</summary>
    private string ValidValue(string parameter) => parameter switch
    {
        "id" => cycle,
        "code" or "village" => Province.VillageA,
        "region" => Province.CountyA,
        "username" => "admin",
        _ => "1",
    };
}

/// <summary>What the edge answers, word for word where an officer reads it.</summary>
[Collection(ServiceCollection.Name)]
public class RefusalDetailTests(ServiceFixture service)
{
    [Theory]
    [InlineData("/api/cycles/%20", "id", "blank")]
    [InlineData("/api/cycles/..%2F..%2F/catalog", "id", "contains '/'")]
    [InlineData("/api/reports/completeness?cycle=&region=370322000000", "cycle", "is empty")]
    [InlineData("/api/cycles/2024/movements?region=", "region", "is empty")]
    [InlineData("/api/cycles/2024/movements?decided=maybe", "decided", "takes true or false")]
    [InlineData("/api/regions/370000000000/children?limit=abc", "limit", "takes a whole number")]
    public async Task A_bad_key_or_query_value_is_a_400_naming_the_parameter(string url, string parameter, string says)
    {
        using var admin = await service.AdminAsync();
        var problem = await (await admin.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.Should().Contain($"'{parameter}'").And.Contain(says);
        problem.Errors.Should().ContainSingle(e => e.Field == parameter);
    }

    [Theory]
    [InlineData("{\"id\":\"2024\",\"closesAt\":\"not-a-date\"}", "$.closesAt", "date and time")]
    [InlineData("{\"id\":2024}", "$.id", "not text")]
    [InlineData("{\"id\":\"2024\",", "$", "Expected")]
    public async Task Json_that_cannot_be_read_is_a_400_saying_where(string body, string path, string says)
    {
        using var admin = await service.AdminAsync();
        var response = await admin.PostAsync("/api/cycles", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.Should().StartWith(path).And.Contain(says);
    }

    [Fact]
    public async Task A_number_beyond_what_the_service_holds_is_a_422_naming_the_indicator()
    {
        using var admin = await service.AdminAsync();
        var cycle = await Cycles.CreateAsync(admin);
        var response = await admin.PostAsync($"/api/cycles/{cycle}/villages/{Province.VillageA}/indicators",
            new StringContent("{\"values\":{\"new_members\":1e400}}", Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Should().ContainSingle(e => e.Field == "values.new_members" && e.Message.Contains("beyond"));
        (await Cycles.LedgerAsync(admin, Province.VillageA, cycle)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_json_endpoint_sent_text_says_it_takes_json()
    {
        using var admin = await service.AdminAsync();
        var response = await admin.PostAsync("/api/cycles", new StringContent("{\"id\":\"2024\"}", Encoding.UTF8, "text/plain"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.Detail.Should().Contain("'application/json'").And.NotContain("csv");
    }

    [Theory]
    [InlineData("/api/villages/370322102201/ledger?cycle=1999", "1999")]
    [InlineData("/api/villages/370322102201/ledger?cycle=abc", "abc")]
    [InlineData("/api/villages/370322102299/ledger", "370322102299")]
    [InlineData("/api/regions/370322199000/children", "370322199000")]
    public async Task A_list_under_something_that_does_not_exist_is_a_404_naming_it(string url, string named)
    {
        using var admin = await service.AdminAsync();
        (await (await admin.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.Should().Contain(named);
    }

    [Fact]
    public async Task Movements_of_a_region_that_does_not_exist_are_a_404_naming_it()
    {
        using var admin = await service.AdminAsync();
        var cycle = await Cycles.CreateAsync(admin, new { province = Province.Code });
        (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null)).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(admin, cycle);
        var problem = await (await admin.GetAsync($"/api/cycles/{cycle}/movements?region=370322199000")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.Detail.Should().Contain("370322199000");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("MzcwMzIyMTAyMjAx")] // base64 of a real village code: the old, unsigned cursor
    [InlineData("%E6%9D%91")]
    public async Task A_cursor_this_service_did_not_give_out_is_the_same_400_on_every_list(string after)
    {
        using var admin = await service.AdminAsync();
        var cycle = await Cycles.CreateAsync(admin, new { province = Province.Code });
        (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null)).EnsureSuccessStatusCode();
        await Cycles.ComputeAsync(admin, cycle);
        string[] lists = [$"/api/regions/{Province.Code}/children", $"/api/villages/{Province.VillageA}/ledger", $"/api/cycles/{cycle}/movements"];
        var details = new List<string>();
        foreach (var list in lists)
        {
            var problem = await (await admin.GetAsync($"{list}?after={after}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.Errors.Should().ContainSingle(e => e.Field == "after");
            details.Add(problem.Detail);
        }
        details.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task A_cursor_given_out_leads_to_the_next_page()
    {
        using var admin = await service.AdminAsync();
        var first = await (await admin.GetAsync($"/api/regions/{Province.Code}/children?limit=1")).ShouldBeOkAsync();
        var next = first.GetProperty("next").GetString()!;
        next.Should().NotContain(Province.CityA, "a cursor is opaque");
        var second = await (await admin.GetAsync($"/api/regions/{Province.Code}/children?limit=1&after={next}")).ShouldBeOkAsync();
        second.GetProperty("items")[0].GetProperty("code").GetString().Should().NotBe(first.GetProperty("items")[0].GetProperty("code").GetString());
    }
}
