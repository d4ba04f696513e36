namespace Assessment.Storage;

/// <summary>Where the tables and the evidence files (blobs) live (<c>Assessment:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Assessment:Storage";

    /// <summary>The local Azurite that tools/run starts: tables on 10002, blobs (evidence files) on 10000.</summary>
    public const string LocalAzurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    public string ConnectionString { get; set; } = LocalAzurite;

    /// <summary>Prefix of every table name (and, in lower case, of the evidence container), so that several test hosts can share one Azurite.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>
    /// The data file of the Azurite that tools/run starts (set by tools/run). Azurite holds its tables in
    /// this one JSON file and fails near 530 MB (the longest string its engine can write), so the
    /// service warns as it nears that. Empty for any other storage.
    /// </summary>
    public string? AzuriteDataFile { get; set; }

    /// <summary>Past this size of <see cref="AzuriteDataFile"/> the service warns at start-up and in /health.</summary>
    public long WarnAtBytes { get; set; } = 400_000_000;
}
