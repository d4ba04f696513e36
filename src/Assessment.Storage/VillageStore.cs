using System.Globalization;
using Assessment.Domain;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>A village as stored: its profile (its history is in the county's tier rows).</summary>
public sealed record VillageProfileRecord(string Code, string Township, string Name, string? Secretary, int? Members);

/// <summary>A village's tier and score in a published cycle, as stored.</summary>
public sealed record StoredTier(string Village, Tier Tier, decimal Score);

/// <summary>A published cycle's tiers and scores of one county's villages.</summary>
public sealed record CountyTiers(string Cycle, IReadOnlyList<StoredTier> Tiers);

/// <summary>
/// Villages in their county's partition (PartitionKey = county code): one row per village (RowKey =
/// village code: township, name, secretary, members) and one row per published cycle (RowKey =
/// "~tiers|{cycle}": every village's tier and score, packed). A county is one query to read; a
/// publication is one row per county, not one per village.
/// </summary>
public sealed class VillageStore(Tables tables)
{
    private const string TiersPrefix = "~tiers|";

    public async Task<(List<VillageProfileRecord> Villages, List<CountyTiers> Published)> CountyAsync(string county, CancellationToken ct = default)
    {
        var villages = new List<VillageProfileRecord>();
        var published = new List<CountyTiers>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {county}");
        await foreach (var e in tables.Villages.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(TiersPrefix, StringComparison.Ordinal)) published.Add(ReadTiers(e));
            else villages.Add(new VillageProfileRecord(e.RowKey, e.GetString("Township") ?? "", e.GetString("Name") ?? "", e.GetString("Secretary"), e.GetInt32("Members")));
        }
        return (villages, published);
    }

    public Task SaveProfilesAsync(string county, IEnumerable<VillageProfileRecord> villages, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Villages, villages.Select(v => new TableEntity(county, v.Code)
        {
            ["Township"] = v.Township,
            ["Name"] = v.Name,
            ["Secretary"] = v.Secretary,
            ["Members"] = v.Members,
        }), TableTransactionActionType.UpsertReplace, ct);

    /// <summary>Stores (or, published again, replaces) a cycle's tiers of the county's villages.</summary>
    public Task SaveTiersAsync(string county, CountyTiers tiers, CancellationToken ct = default) =>
        tables.Villages.UpsertEntityAsync(new TableEntity(county, TiersPrefix + tiers.Cycle)
        {
            ["Villages"] = string.Join(',', tiers.Tiers.Select(t => t.Village)),
            ["Tiers"] = TierDigits.Pack(tiers.Tiers.Select(t => (Tier?)t.Tier)),
            ["Scores"] = string.Join(',', tiers.Tiers.Select(t => t.Score.ToString(CultureInfo.InvariantCulture))),
        }, TableUpdateMode.Replace, ct);

    private static CountyTiers ReadTiers(TableEntity e)
    {
        var villages = (e.GetString("Villages") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var tiers = e.GetString("Tiers") ?? "";
        var scores = (e.GetString("Scores") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new CountyTiers(e.RowKey[TiersPrefix.Length..], villages
            .Select((v, i) => new StoredTier(v, TierDigits.Unpack(tiers[i])!.Value, decimal.Parse(scores[i], CultureInfo.InvariantCulture)))
            .ToList());
    }
}
