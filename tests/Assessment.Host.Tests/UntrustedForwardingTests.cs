using System.Net;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// Without a trusted proxy configured, X-Forwarded-For is the client's own say and is ignored: a
/// client cannot escape the objection limit by naming a new address in each request.
/// </summary>
[Collection(ServiceCollection.Name)]
public class UntrustedForwardingTests(ServiceFixture service)
{
    [Fact]
    public async Task X_Forwarded_For_from_an_untrusted_sender_does_not_change_the_client_address()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 1; i <= 6; i++)
        {
            using var client = service.Host.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"192.0.2.{i}");
            // Every attempt counts, also one the service refuses (no such cycle).
            last = await client.PostAsJsonAsync("/api/public/cycles/1999/objections", new { village = Province.VillageA, text = "伪造来源地址的第" + i + "条异议内容" });
            statuses.Add(last.StatusCode);
        }
        statuses.Take(5).Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.NotFound));
        await last!.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        last!.Headers.Contains("Retry-After").Should().BeTrue();
    }
}
