using System.Net;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Host.Tests;

/// <summary>Failed sign-ins are rate-limited per user name and address, and ten in a row lock the user for 15 minutes.</summary>
public sealed class SignInGuardTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private TestHost host = null!;
    private HttpClient anonymous = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task StartAsync(int failuresPerUser = 5)
    {
        host = new TestHost(new Dictionary<string, string> { ["Assessment:SignIn:FailuresPerUser"] = failuresPerUser.ToString() }) { Clock = clock };
        anonymous = host.CreateClient();
        using var admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).EnsureSuccessStatusCode();
        foreach (var name in new[] { "zhang", "li" })
            (await admin.PostAsJsonAsync("/api/users", new { username = name, password = "right-password", role = "county", regionCode = Province.CountyA })).EnsureSuccessStatusCode();
    }

    private Task<HttpResponseMessage> SignInAsync(string username, string password) =>
        anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });

    [Fact]
    public async Task The_eleventh_sign_in_after_ten_wrong_passwords_is_refused_even_with_the_right_one_for_fifteen_minutes()
    {
        await StartAsync(failuresPerUser: 100); // the rate limit is tested on its own below
        for (var i = 0; i < 10; i++) await (await SignInAsync("zhang", "wrong-password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var locked = await (await SignInAsync("zhang", "right-password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        locked.Detail.Should().Contain("locked until");
        (await SignInAsync("li", "right-password")).StatusCode.Should().Be(HttpStatusCode.OK, "another user is not affected");
        using (var admin = await host.AdminAsync())
        {
            var listed = await (await admin.GetAsync("/api/users?role=county")).ShouldBeOkAsync();
            listed.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("username").GetString() == "zhang")
                .GetProperty("lockedUntil").GetDateTimeOffset().Should().BeCloseTo(clock.GetUtcNow().AddMinutes(15), TimeSpan.FromSeconds(1));
        }

        clock.Advance(TimeSpan.FromMinutes(14));
        await (await SignInAsync("zhang", "right-password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await SignInAsync("zhang", "right-password")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_success_in_between_starts_the_count_again()
    {
        await StartAsync(failuresPerUser: 100);
        for (var i = 0; i < 9; i++) await SignInAsync("zhang", "wrong-password");
        (await SignInAsync("zhang", "right-password")).StatusCode.Should().Be(HttpStatusCode.OK);
        for (var i = 0; i < 9; i++) await SignInAsync("zhang", "wrong-password");
        (await SignInAsync("zhang", "right-password")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failures_past_the_rate_for_one_user_name_are_429_with_retry_after_and_another_user_is_not_affected()
    {
        await StartAsync(failuresPerUser: 5);
        for (var i = 0; i < 5; i++) await (await SignInAsync("zhang", "wrong-password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var limited = await SignInAsync("zhang", "right-password");
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
        (await SignInAsync("li", "right-password")).StatusCode.Should().Be(HttpStatusCode.OK);
        // Names that do not exist are limited the same way, so a guesser learns nothing from the answers.
        for (var i = 0; i < 5; i++) await (await SignInAsync("nobody", "x")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await SignInAsync("nobody", "x")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
    }

    public async ValueTask DisposeAsync()
    {
        anonymous?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }
}
