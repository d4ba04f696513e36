using Assessment.Storage;

namespace Assessment.Host.Hosting;

/// <summary>
/// Says plainly when the default storage (Azurite's one data file) nears the size at which Azurite
/// can no longer save it (~530 MB): at start-up in the log and in /health's body, naming the way out.
/// </summary>
public sealed class StorageCeiling(StorageOptions options)
{
    private const double Ceiling = 530_000_000;

    /// <summary>The warning, or null while the file is small (or the storage is not the default one).</summary>
    public string? Warning()
    {
        if (string.IsNullOrEmpty(options.AzuriteDataFile)) return null;
        var file = new FileInfo(options.AzuriteDataFile);
        if (!file.Exists || file.Length <= options.WarnAtBytes) return null;
        return $"The default storage's data file {file.FullName} holds {file.Length / 1e6:N0} MB; Azurite cannot save it past about " +
               $"{Ceiling / 1e6:N0} MB and then loses every write since its last save. Move to Azure Storage: set " +
               "Assessment__Storage__ConnectionString to the storage account's connection string (README, \"How much the default storage holds\").";
    }
}
