using Assessment.Storage;

namespace Assessment.Host.Hosting;

public static class StorageSetup
{
    /// <summary>How long start-up waits for table storage before it gives up with a clear message.</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    public static void AddAssessmentStorage(this WebApplicationBuilder builder)
    {
        builder.AddValidated(StorageOptions.Section, new StorageOptionsValidator());
        builder.Services.AddSingleton<Tables>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<RegionStore>();
        builder.Services.AddSingleton<LedgerStore>();
        builder.Services.AddSingleton<VillageStore>();
        builder.Services.AddSingleton<AssessmentStore>();
        builder.Services.AddSingleton<ObjectionStore>();
        builder.Services.AddSingleton<CompetitionStore>();
        builder.Services.AddSingleton<TierMapStore>();
        builder.Services.AddSingleton<ProblemStore>();
        builder.Services.AddSingleton<EvidenceStore>();
        builder.Services.AddSingleton<StoredFormat>();
        builder.Services.AddSingleton<StorageCeiling>();
    }

    /// <summary>
    /// Creates the tables and converts data of an older stored format; refuses to start (one line,
    /// exit code 3) when storage is unreachable, rather than hanging.
    /// </summary>
    public static async Task PrepareStorageAsync(this WebApplication app)
    {
        var tables = app.Services.GetRequiredService<Tables>();
        try
        {
            await tables.EnsureCreatedAsync(StartupTimeout, app.Lifetime.ApplicationStopping);
        }
        catch (StorageUnavailableException e)
        {
            throw new CannotStartException(e.Message, exitCode: 3, e);
        }
        await app.Services.GetRequiredService<StoredFormat>().UpgradeAsync(app.Lifetime.ApplicationStopping);
        if (app.Services.GetRequiredService<StorageCeiling>().Warning() is { } warning) app.Logger.LogWarning("{Warning}", warning);
    }
}

/// <summary>Storage settings the service can start with: a connection string Azure's clients accept, and a table prefix that keeps table names valid.</summary>
public sealed partial class StorageOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<StorageOptions>
{
    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,19})?$")]
    private static partial System.Text.RegularExpressions.Regex Prefix();

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var key = $"{StorageOptions.Section}:ConnectionString";
        if (string.IsNullOrWhiteSpace(options.ConnectionString)) failures.Add(Settings.Failure(key, "is empty; give the storage account's connection string (tools/run sets the local Azurite's)"));
        else
        {
            try
            {
                _ = new Azure.Data.Tables.TableServiceClient(options.ConnectionString);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                failures.Add(Settings.Failure(key, $"is not a storage connection string ({e.Message.TrimEnd('.')})"));
            }
        }
        if (!Prefix().IsMatch(options.TablePrefix)) failures.Add(Settings.Failure($"{StorageOptions.Section}:TablePrefix", $"is '{options.TablePrefix}'; it must be a letter then up to 19 letters or digits (table names allow nothing else)"));
        if (options.WarnAtBytes <= 0) failures.Add(Settings.Failure($"{StorageOptions.Section}:WarnAtBytes", $"is {options.WarnAtBytes}; it must be a positive number of bytes"));
        return failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);
    }
}
