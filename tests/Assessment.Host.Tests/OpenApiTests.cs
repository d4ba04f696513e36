using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// The OpenAPI document is complete enough for an integrator to generate a client from it: every
/// operation declares its success body and its errors with the problem schema, and every operation
/// that needs a token says so. (Which errors an operation really answers is checked by BadInputTests.)
/// </summary>
[Collection(ServiceCollection.Name)]
public class OpenApiTests(ServiceFixture service)
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = service.Host.CreateClient();
        return await (await anonymous.GetAsync("/openapi/v1.json")).ShouldBeOkAsync();
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where method.Name is not ("parameters" or "summary" or "description")
        select ($"{method.Name.ToUpperInvariant()} {path.Name}", method.Value);

    [Fact]
    public async Task Every_operation_declares_a_success_body()
    {
        var missing = new List<string>();
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        {
            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            if (success.Count == 0) missing.Add($"{name}: no 2xx response");
            else if (!success.Any(r => r.Name == "204" || (r.Value.TryGetProperty("content", out var c) && c.EnumerateObject().Any())))
                missing.Add($"{name}: its {string.Join("/", success.Select(r => r.Name))} has no body");
        }
        if (missing.Count > 0) Assert.Fail(string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_error_an_operation_declares_is_a_problem_and_signed_in_operations_declare_401_and_the_bearer_scheme()
    {
        var document = await DocumentAsync();
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        var wrong = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            var responses = operation.GetProperty("responses");
            foreach (var error in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                if (!error.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                    wrong.Add($"{name}: {error.Name} is not a problem");
            }
            // Open operations say so with an empty requirement ({}); signed-in ones name the bearer scheme.
            var signedIn = operation.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
            if (signedIn && !responses.TryGetProperty("401", out _)) wrong.Add($"{name}: needs a token but does not declare 401");
            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0) wrong.Add($"{name}: no tag");
        }
        if (wrong.Count > 0) Assert.Fail(string.Join("\n", wrong));
    }
}

/// <summary>The API reference page at /docs reads the service's own document, with scripts the host serves.</summary>
[Collection(ServiceCollection.Name)]
public class ApiReferencePageTests(ServiceFixture service)
{
    [Fact]
    public async Task The_docs_page_is_served_without_sign_in_and_loads_nothing_from_another_site()
    {
        using var anonymous = service.Host.CreateClient();
        var response = await anonymous.GetAsync("/docs");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("openapi/v1.json");
        var sources = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        sources.Should().NotContain(s => s.StartsWith("http://") || s.StartsWith("https://") || s.StartsWith("//"));
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]+src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            var url = script.StartsWith('/') ? script : "/docs/" + script;
            (await anonymous.GetAsync(url)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK, $"{url} is served by the host");
        }
    }
}

/// <summary>An outside linter (Redocly CLI, pinned in tools/openapi) finds no error in the document.</summary>
[Collection(ServiceCollection.Name)]
public class OpenApiLintTests(ServiceFixture service, ITestOutputHelper output)
{
    [Fact]
    public async Task Redocly_finds_no_error_in_the_document()
    {
        var linter = Path.Combine(RunScript.RepositoryRoot, "tools", "openapi", "node_modules", ".bin", "redocly");
        File.Exists(linter).Should().BeTrue("tools/test installs the linter pinned in tools/openapi");
        using var anonymous = service.Host.CreateClient();
        var file = Path.Combine(Directory.CreateTempSubdirectory("openapi-").FullName, "openapi.json");
        await File.WriteAllTextAsync(file, await anonymous.GetStringAsync("/openapi/v1.json"));

        var start = new System.Diagnostics.ProcessStartInfo(linter, ["lint", file, "--format=stylish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(RunScript.RepositoryRoot, "tools", "openapi"),
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = System.Diagnostics.Process.Start(start)!;
        var stdout = lint.StandardOutput.ReadToEndAsync();
        var stderr = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await stdout + await stderr;
        output.WriteLine(text);
        lint.ExitCode.Should().Be(0, text);
        text.Should().NotMatchRegex(@"[1-9][0-9]* errors?\b");
    }
}
