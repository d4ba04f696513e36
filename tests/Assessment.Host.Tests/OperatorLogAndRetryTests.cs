using System.Diagnostics.Metrics;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using Assessment.Storage;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>What an operator's tools read: JSON log lines on request, and a counter of storage requests sent again.</summary>
public sealed class OperatorLogAndRetryTests
{
    [Fact]
    public async Task With_json_logging_on_every_log_line_is_one_json_object_with_level_category_and_message()
    {
        await using var host = new ProcessHost(new() { ["Assessment__Logging__Json"] = "true", ["Logging__LogLevel__Default"] = "Information" });
        await host.StartAsync();
        using var admin = await host.ClientAsAsync("admin", TestHost.AdminPassword);

        var lines = host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().NotBeEmpty();
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList(); // throws on a line that is not JSON
        entries.Should().AllSatisfy(e =>
        {
            e.GetProperty("LogLevel").GetString().Should().NotBeNullOrEmpty();
            e.GetProperty("Category").GetString().Should().NotBeNullOrEmpty();
            e.TryGetProperty("Message", out _).Should().BeTrue();
        });
        entries.Should().Contain(e => e.GetProperty("Message").GetString() == "admin signed in as admin"
            && e.GetProperty("LogLevel").GetString() == "Information");
    }

    [Fact]
    public async Task A_storage_request_that_fails_is_sent_again_and_each_retry_is_counted()
    {
        var retries = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == "assessment.storage.retries") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag is { Key: "service", Value: "tables" }) Interlocked.Add(ref retries, value);
        });
        listener.Start();

        // Nothing listens on this port: every attempt is refused, and the client tries three more times.
        var closed = TestStorage.FreePort();
        var tables = new Tables(new StorageOptions
        {
            ConnectionString = TestStorage.ConnectionString.Replace(Environment.GetEnvironmentVariable("ASSESSMENT_TEST_AZURITE_PORT")!, closed.ToString()),
            TablePrefix = TestStorage.NewPrefix(),
        });
        var read = () => tables.Users.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("p", "r");
        await read.Should().ThrowAsync<Azure.RequestFailedException>();

        // At least this read's three: the counter is the process's, and hosts of other tests may retry meanwhile.
        Interlocked.Read(ref retries).Should().BeGreaterThanOrEqualTo(3);
    }
}
