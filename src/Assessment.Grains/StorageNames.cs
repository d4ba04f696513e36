namespace Assessment.Grains;

/// <summary>The grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>Cycle grains (few, small): the Grains table, one partition per kind.</summary>
    public const string Cycles = "cycles";

    /// <summary>Everything else: Orleans' Azure table storage.</summary>
    public const string Default = "Default";
}
