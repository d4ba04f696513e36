using Assessment.Domain;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>The published tiers of one county in one cycle, as the reports read model keeps them.</summary>
public sealed record TierMap(string Cycle, string County, IReadOnlyList<string> Villages, IReadOnlyList<Tier> Tiers)
{
    public static TierMap Of(string cycle, string county, IReadOnlyList<(string Village, Tier Tier)> tiers) =>
        new(cycle, county, tiers.Select(t => t.Village).ToList(), tiers.Select(t => t.Tier).ToList());
}

/// <summary>
/// The reports' read model: PartitionKey = province code, RowKey = "{cycle}|{county}", the county's
/// villages and tiers packed into two strings (~7 KB for 500 villages). A province's every published
/// cycle is one query of a few hundred rows.
/// </summary>
public sealed class TierMapStore(Tables tables)
{
    public async Task<List<TierMap>> ProvinceAsync(string province, CancellationToken ct = default)
    {
        var maps = new List<TierMap>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {province}");
        await foreach (var e in tables.TierMaps.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var key = e.RowKey.Split('|');
            var villages = (e.GetString("Villages") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var tiers = (e.GetString("Tiers") ?? "").Select(c => TierDigits.Unpack(c)!.Value).ToList();
            maps.Add(new TierMap(key[0], key[1], villages, tiers));
        }
        return maps;
    }

    public Task SaveAsync(string province, TierMap map, CancellationToken ct = default) =>
        tables.TierMaps.UpsertEntityAsync(new TableEntity(province, $"{map.Cycle}|{map.County}")
        {
            ["Villages"] = string.Join(',', map.Villages),
            ["Tiers"] = TierDigits.Pack(map.Tiers.Select(t => (Tier?)t)),
        }, TableUpdateMode.Replace, ct);
}
