using Assessment.Storage;

namespace Assessment.Host.Hosting;

public static class StorageSetup
{
    /// <summary>How long start-up waits for table storage before it gives up with a clear message.</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    public static void AddAssessmentStorage(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddSingleton(options);
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
