using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Assessment.Storage;

/// <summary>
/// Evidence files of problems (photos, scans) in Azure Blob storage, container "{prefix}evidence",
/// one blob per file named "{problem}/{sha256}": the same bytes attached twice to a problem are one
/// blob. The service's connection string names the blob endpoint beside the table endpoint
/// (Azurite's blob service; on Azure the account's). The container is created on the first upload,
/// so a host without blob storage still starts and serves everything else.
/// </summary>
public sealed class EvidenceStore
{
    private readonly BlobContainerClient container;
    private volatile bool created;

    public EvidenceStore(StorageOptions options)
    {
        // The service version pinned to one the pinned Azurite (3.37) serves; Azure serves it too. The SDK's
        // default is newer than Azurite knows, which it refuses (400) rather than guess.
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05)
        {
            Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(60) },
        };
        clientOptions.AddPolicy(new StorageMetrics.CountRetries("blobs"), Azure.Core.HttpPipelinePosition.PerRetry);
        var service = new BlobServiceClient(options.ConnectionString, clientOptions);
        container = service.GetBlobContainerClient((options.TablePrefix + "evidence").ToLowerInvariant());
    }

    public static string BlobName(string problem, string sha256) => $"{problem}/{sha256}";

    /// <summary>Stores the file; returns once the blob service has acknowledged it (201), never earlier.</summary>
    public async Task SaveAsync(string blob, byte[] bytes, string contentType, CancellationToken ct)
    {
        if (!created)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: ct);
            created = true;
        }
        await container.GetBlobClient(blob).UploadAsync(new BinaryData(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
    }

    /// <summary>The file's bytes; null when the blob is not there.</summary>
    public async Task<byte[]?> ReadAsync(string blob, CancellationToken ct)
    {
        try
        {
            var content = await container.GetBlobClient(blob).DownloadContentAsync(ct);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
