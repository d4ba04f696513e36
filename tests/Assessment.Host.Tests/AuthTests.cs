using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

[Collection(ServiceCollection.Name)]
public class AuthTests(ServiceFixture service)
{
    [Fact]
    public async Task A_token_carries_the_users_role_and_region()
    {
        using var client = service.Host.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { username = "county", password = ServiceFixture.Password })).ShouldBeOkAsync();
        token.GetProperty("role").GetString().Should().Be("county");
        token.GetProperty("regionCode").GetString().Should().Be(Province.CountyA);
        token.GetProperty("expiresAt").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var me = await (await client.GetAsync("/api/users/me")).ShouldBeOkAsync();
        me.GetProperty("username").GetString().Should().Be("county");
        me.GetProperty("role").GetString().Should().Be("county");
        me.GetProperty("regionCode").GetString().Should().Be(Province.CountyA);
    }

    [Theory]
    [InlineData("county", "wrong-password")]
    [InlineData("nobody", "password-123")]
    [InlineData("", "")]
    public async Task Bad_credentials_are_401(string username, string password)
    {
        using var client = service.Host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task No_token_or_a_forged_one_is_401()
    {
        using var client = service.Host.CreateClient();
        await (await client.GetAsync("/api/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var token = await service.Host.TokenAsync("county", ServiceFixture.Password);
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        await (await client.GetAsync("/api/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_new_user_can_sign_in_and_its_password_is_not_stored_in_clear()
    {
        using var admin = await service.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new { username = "county2", password = "another-pass-1", role = "county", regionCode = Province.CountyB, displayName = "沂源县干部" });
        await created.ShouldBeOkAsync(HttpStatusCode.Created);
        var token = await service.Host.TokenAsync("county2", "another-pass-1");
        token.Should().NotBeNullOrEmpty();

        var again = await admin.PostAsJsonAsync("/api/users", new { username = "county2", password = "another-pass-1", role = "county", regionCode = Province.CountyB });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<object, string> BadUsers => new()
    {
        { new { username = "a b", password = "password-1", role = "county", regionCode = Province.CountyA }, "username" },
        { new { username = "x1", password = "short", role = "county", regionCode = Province.CountyA }, "password" },
        { new { username = "x2", password = "password-1", role = "mayor", regionCode = Province.CountyA }, "role" },
        { new { username = "x3", password = "password-1", role = "county", regionCode = "3703" }, "regionCode" },
        { new { username = "x4", password = "password-1", role = "county", regionCode = Province.CityA }, "regionCode" },
        { new { username = "x5", password = "password-1", role = "county", regionCode = "370399000000" }, "regionCode" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task Invalid_users_are_422_naming_the_field(object body, string field)
    {
        using var admin = await service.AdminAsync();
        var problem = await (await admin.PostAsJsonAsync("/api/users", body)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.Errors.Select(e => e.Field).Should().Contain(field);
    }

    [Fact]
    public async Task Health_and_the_openapi_document_are_served()
    {
        using var client = service.Host.CreateClient();
        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        var doc = await (await client.GetAsync("/openapi/v1.json")).ShouldBeOkAsync();
        doc.GetProperty("paths").TryGetProperty("/api/regions:import", out _).Should().BeTrue();
    }
}
