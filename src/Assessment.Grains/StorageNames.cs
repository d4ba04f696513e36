namespace Assessment.Grains;

/// <summary>The grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>Village grains: the county-partitioned table of <c>CountyTableGrainStorage</c>.</summary>
    public const string Villages = "villages";

    /// <summary>Everything else: Orleans' Azure table storage.</summary>
    public const string Default = "Default";
}
