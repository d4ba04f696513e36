using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;

namespace Assessment.Host.Tests;

/// <summary>
/// The admin lists, changes and disables users, and a token stops working within a minute of its
/// user's role, region or password changing, or the user being disabled (time moved by a fake clock).
/// </summary>
public sealed class UserAdminTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly TestHost host;
    private HttpClient admin = null!;

    public UserAdminTests() => host = new TestHost { Clock = clock };

    public async ValueTask InitializeAsync()
    {
        admin = await host.AdminAsync();
        (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    private async Task<string> NewUserAsync(string role = "county", string region = Province.CountyA)
    {
        var username = "u" + Guid.NewGuid().ToString("N")[..8];
        (await admin.PostAsJsonAsync("/api/users", new { username, password = "password-1", role, regionCode = region })).StatusCode.Should().Be(HttpStatusCode.Created);
        return username;
    }

    private HttpClient WithToken(TestHost on, string token)
    {
        var client = on.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task The_admin_lists_users_by_role_and_region_a_page_at_a_time()
    {
        var a = await NewUserAsync("county", Province.CountyA);
        var b = await NewUserAsync("county", Province.CountyB);
        var c = await NewUserAsync("city", Province.CityA);

        var counties = await (await admin.GetAsync("/api/users?role=county")).ShouldBeOkAsync();
        var names = counties.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()).ToList();
        names.Should().Contain([a, b]).And.NotContain(c).And.BeInAscendingOrder(StringComparer.Ordinal);

        var inGaoqing = await (await admin.GetAsync($"/api/users?region={Province.CountyA}")).ShouldBeOkAsync();
        inGaoqing.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()).Should().Contain(a).And.NotContain(b);

        var first = await (await admin.GetAsync("/api/users?role=county&limit=1")).ShouldBeOkAsync();
        var second = await (await admin.GetAsync($"/api/users?role=county&limit=1&after={first.GetProperty("next").GetString()}")).ShouldBeOkAsync();
        second.GetProperty("items")[0].GetProperty("username").GetString().Should().Be(names[1]);
        second.GetProperty("items")[0].GetProperty("disabled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_role_change_ends_the_old_token_and_the_new_one_carries_the_new_role()
    {
        var name = await NewUserAsync("county", Province.CountyA);
        using var old = await host.ClientAsAsync(name, "password-1");
        (await old.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var changed = await (await admin.PutAsJsonAsync($"/api/users/{name}", new { role = "city", regionCode = Province.CityA })).ShouldBeOkAsync();
        changed.GetProperty("role").GetString().Should().Be("city");

        var refused = await (await old.GetAsync("/api/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        refused.Detail.Should().Contain("no longer works").And.Contain("role, region or password changed");
        using var fresh = await host.ClientAsAsync(name, "password-1");
        (await (await fresh.GetAsync("/api/users/me")).ShouldBeOkAsync()).GetProperty("role").GetString().Should().Be("city");
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_its_token_stops_until_it_is_enabled_again()
    {
        var name = await NewUserAsync();
        using var client = await host.ClientAsAsync(name, "password-1");

        await (await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = true })).ShouldBeOkAsync();
        await (await client.GetAsync("/api/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var anonymous = host.CreateClient();
        (await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password = "password-1" })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized))
            .Detail.Should().Contain("disabled");

        await (await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = false })).ShouldBeOkAsync();
        (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password = "password-1" })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_display_name_change_keeps_the_users_tokens_working()
    {
        var name = await NewUserAsync();
        using var client = await host.ClientAsAsync(name, "password-1");
        await (await admin.PutAsJsonAsync($"/api/users/{name}", new { displayName = "高青县组织部" })).ShouldBeOkAsync();
        (await client.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_host_of_the_cluster_stops_an_old_token_within_a_minute()
    {
        await using var sibling = new TestHost(host.Prefix, host.DataDirectory, host.ClusterId) { Clock = clock };
        var name = await NewUserAsync();
        var token = await host.TokenAsync(name, "password-1");
        using var there = WithToken(sibling, token);
        (await there.GetAsync("/api/users/me")).StatusCode.Should().Be(HttpStatusCode.OK); // the sibling now knows the user

        await (await admin.PutAsJsonAsync($"/api/users/{name}", new { password = "another-password" })).ShouldBeOkAsync();
        clock.Advance(TimeSpan.FromMinutes(1));
        await (await there.GetAsync("/api/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"role\":\"county\",\"regionCode\":\"370300000000\"}", "regionCode")]
    [InlineData("{\"role\":\"mayor\"}", "role")]
    [InlineData("{\"password\":\"short\"}", "password")]
    [InlineData("{\"regionCode\":\"370322999000\"}", "regionCode")]
    public async Task A_change_that_is_not_valid_is_a_422_naming_the_field_and_changes_nothing(string body, string field)
    {
        var name = await NewUserAsync();
        var response = await admin.PutAsync($"/api/users/{name}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Errors.Should().Contain(e => e.Field == field);
        using var client = await host.ClientAsAsync(name, "password-1");
        var me = await (await client.GetAsync("/api/users/me")).ShouldBeOkAsync();
        me.GetProperty("role").GetString().Should().Be("county");
        me.GetProperty("regionCode").GetString().Should().Be(Province.CountyA);
    }

    [Fact]
    public async Task Changing_a_user_that_does_not_exist_is_a_404()
    {
        (await (await admin.PutAsJsonAsync("/api/users/nobody-here", new { displayName = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .Detail.Should().Contain("nobody-here");
    }
}
