using System.Net.Http.Json;
using FluentAssertions;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>One host for a collection of tests, with the test province imported and one user per role.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public const string Password = "password-123";
    public TestHost Host { get; }

    public ServiceFixture() : this(new TestHost()) { }

    /// <summary>The same province and users on a host made elsewhere (the browser tests' host listens on a port).</summary>
    internal ServiceFixture(TestHost host) => Host = host;

    /// <summary>One user per role, each in 高青县's chain (province 山东, city 淄博, county 高青).</summary>
    public static readonly (string Username, string Role, string Region)[] Users =
    [
        ("prov", "province", Province.Code),
        ("city", "city", Province.CityA),
        ("county", "county", Province.CountyA),
        ("judge", "judge", Province.CountyA),
    ];

    public async ValueTask InitializeAsync()
    {
        using var admin = await Host.AdminAsync();
        var import = await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv));
        import.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        foreach (var (username, role, region) in Users)
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { username, password = Password, role, regionCode = region });
            created.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
    }

    public Task<HttpClient> AdminAsync() => Host.AdminAsync();

    public Task<HttpClient> ClientAsAsync(string username) =>
        username == "admin" ? Host.AdminAsync() : Host.ClientAsAsync(username, Password);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
