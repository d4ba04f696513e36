using System.Net;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Host.Tests;

/// <summary>A token works for its lifetime (8 hours) on the service's clock, and not a minute past it.</summary>
public sealed class TokenExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TestHost host;

    public TokenExpiryTests() => host = new TestHost { Clock = clock };

    [Fact]
    public async Task A_token_expires_after_eight_hours_on_the_services_clock()
    {
        using var admin = await host.AdminAsync();
        clock.Advance(TimeSpan.FromHours(7) + TimeSpan.FromMinutes(59));
        (await admin.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromMinutes(2));
        await (await admin.GetAsync("/api/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();
}
