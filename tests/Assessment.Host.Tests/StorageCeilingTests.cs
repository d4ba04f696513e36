using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>The default storage (Azurite's one data file) nearing its ceiling is said plainly in /health.</summary>
public class StorageCeilingTests
{
    [Fact]
    public async Task Health_warns_with_the_way_out_once_the_data_file_passes_the_limit_and_not_before()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("assessment-ceiling-").FullName, "__azurite_db_table__.json");
        await File.WriteAllBytesAsync(file, new byte[5_000], TestContext.Current.CancellationToken);
        await using var host = new TestHost(new Dictionary<string, string>
        {
            ["Assessment:Storage:AzuriteDataFile"] = file,
            ["Assessment:Storage:WarnAtBytes"] = "10000",
        });
        using var client = host.CreateClient();

        var quiet = await (await client.GetAsync("/health", TestContext.Current.CancellationToken)).ShouldBeOkAsync();
        quiet.TryGetProperty("warnings", out _).Should().BeFalse();

        await File.WriteAllBytesAsync(file, new byte[20_000], TestContext.Current.CancellationToken);
        var health = await (await client.GetAsync("/health", TestContext.Current.CancellationToken)).ShouldBeOkAsync();
        health.GetProperty("status").GetString().Should().Be("ready");
        health.GetProperty("warnings")[0].GetString().Should().Contain(file).And.Contain("Assessment__Storage__ConnectionString").And.Contain("530 MB");
    }
}
