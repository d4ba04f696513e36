using System.Text.Json;
using Assessment.Abstractions.Villages;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>A village as stored: profile, and its tier in every published cycle.</summary>
public sealed record VillageRecord(string Code, string Township, string Name, string? Secretary, int? Members, IReadOnlyList<TierRecord> History);

/// <summary>
/// Villages, one row each in their county's partition (PartitionKey = county code, RowKey = village
/// code): a county is one query to read and entity-group transactions to write.
/// </summary>
public sealed class VillageStore(Tables tables)
{
    public async Task<List<VillageRecord>> CountyAsync(string county, CancellationToken ct = default)
    {
        var villages = new List<VillageRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {county}");
        await foreach (var e in tables.Villages.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var history = e.GetString("History") is { } json ? JsonSerializer.Deserialize<List<TierRecord>>(json, StoredJson.Options) ?? [] : [];
            villages.Add(new VillageRecord(e.RowKey, e.GetString("Township") ?? "", e.GetString("Name") ?? "", e.GetString("Secretary"), e.GetInt32("Members"), history));
        }
        return villages;
    }

    /// <summary>Writes profiles only: a village's history is left as it is.</summary>
    public Task SaveProfilesAsync(string county, IEnumerable<VillageRecord> villages, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Villages, villages.Select(v => new TableEntity(county, v.Code)
        {
            ["Township"] = v.Township,
            ["Name"] = v.Name,
            ["Secretary"] = v.Secretary,
            ["Members"] = v.Members,
        }), TableTransactionActionType.UpsertMerge, ct);

    /// <summary>Writes histories only.</summary>
    public Task SaveHistoriesAsync(string county, IEnumerable<VillageRecord> villages, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Villages, villages.Select(v => new TableEntity(county, v.Code)
        {
            ["History"] = JsonSerializer.Serialize(v.History, StoredJson.Options),
        }), TableTransactionActionType.UpsertMerge, ct);
}
