using Azure;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>
/// The project's tables and the one client that reaches them. Table names follow
/// <c>^[A-Za-z][A-Za-z0-9]{2,62}$</c>; the prefix keeps parallel test hosts apart.
/// </summary>
public sealed class Tables
{
    public const string UsersName = "Users";
    public const string RegionsName = "Regions";
    public const string VillagesName = "Villages";
    public const string GrainsName = "Grains";
    public const string LedgerName = "Ledger";
    public const string AssessmentsName = "Assessments";
    public const string TierMapsName = "TierMaps";
    public const string ObjectionsName = "Objections";
    public const string CompetitionsName = "Competitions";
    public const string ProblemsName = "Problems";

    public TableServiceClient Service { get; }
    public string Prefix { get; }

    public Tables(StorageOptions options)
    {
        var clientOptions = new TableClientOptions
        {
            Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(20) },
        };
        clientOptions.AddPolicy(new StorageMetrics.CountRetries("tables"), Azure.Core.HttpPipelinePosition.PerRetry);
        Service = new TableServiceClient(options.ConnectionString, clientOptions);
        Prefix = options.TablePrefix;
    }

    public TableClient Users => Service.GetTableClient(Prefix + UsersName);
    public TableClient Regions => Service.GetTableClient(Prefix + RegionsName);
    public TableClient Villages => Service.GetTableClient(Prefix + VillagesName);
    public TableClient Grains => Service.GetTableClient(Prefix + GrainsName);
    public TableClient Ledger => Service.GetTableClient(Prefix + LedgerName);
    public TableClient Assessments => Service.GetTableClient(Prefix + AssessmentsName);
    public TableClient TierMaps => Service.GetTableClient(Prefix + TierMapsName);
    public TableClient Objections => Service.GetTableClient(Prefix + ObjectionsName);
    public TableClient Competitions => Service.GetTableClient(Prefix + CompetitionsName);
    public TableClient Problems => Service.GetTableClient(Prefix + ProblemsName);

    public string OrleansTableName(string name) => Prefix + name;

    /// <summary>
    /// Creates the tables, failing fast with one clear reason when storage cannot be reached:
    /// the host must not hang at start-up waiting for a server that is not there.
    /// </summary>
    public async Task EnsureCreatedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            // All at once: start-up waits for the slowest, not for the sum.
            TableClient[] tables = [Users, Regions, Villages, Grains, Ledger, Assessments, TierMaps, Objections, Competitions, Problems];
            await Task.WhenAll(tables.Select(t => t.CreateIfNotExistsAsync(cts.Token)));
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            var reason = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : FirstLine(e.Message);
            throw new StorageUnavailableException(
                $"Table storage is not reachable at {Service.Uri} ({reason}). Start Azurite (tools/run does) or set Assessment__Storage__ConnectionString.", e);
        }
    }

    /// <summary>A cheap round trip used by the health check.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in Users.QueryAsync<TableEntity>(filter: "PartitionKey eq 'ping'", maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            break;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
