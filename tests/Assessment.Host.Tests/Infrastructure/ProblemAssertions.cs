using System.Net;
using System.Text.Json;
using FluentAssertions;

namespace Assessment.Host.Tests.Infrastructure;

public sealed record ProblemBody(int Status, string Title, string Detail, IReadOnlyList<ProblemErrorBody> Errors);

public sealed record ProblemErrorBody(string? Field, int? Row, string? Column, string Message);

public static class ProblemAssertions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Asserts an RFC 9457 answer with the given status and returns it.</summary>
    public static async Task<ProblemBody> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", text);
        var problem = JsonSerializer.Deserialize<ProblemBody>(text, Json)!;
        problem.Status.Should().Be((int)status);
        problem.Title.Should().NotBeNullOrWhiteSpace();
        problem.Detail.Should().NotBeNullOrWhiteSpace();
        text.Should().NotContain("   at ", "no stack trace reaches a user");
        return problem with { Errors = problem.Errors ?? [] };
    }

    public static async Task<JsonElement> ShouldBeOkAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
