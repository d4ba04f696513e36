using Assessment.Domain;
using Assessment.Domain.Notice;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>
/// Objections (异议), in the partition "{cycle}|{county}", one row per objection (RowKey = its number,
/// six digits): village, text, contact and time; once resolved, the outcome, reason, tier, who and
/// when are merged into the same row. The duplicate key (a hash of village and text) is not stored:
/// it is derived again from them.
/// </summary>
public sealed class ObjectionStore(Tables tables)
{
    private static string Partition(string cycle, string county) => $"{cycle}|{county}";

    /// <summary>The county's objections with their numbers, in order.</summary>
    public async Task<List<(int Number, Objection Objection)>> CountyAsync(string cycle, string county, Func<int, string> idOf, CancellationToken ct = default)
    {
        var list = new List<(int, Objection)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(cycle, county)}");
        await foreach (var e in tables.Objections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var number = int.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture);
            ObjectionResolution? resolution = null;
            if (e.GetString("Outcome") is { } outcome && Words.TryParse(outcome, out ObjectionOutcome o))
            {
                var tier = e.GetString("Tier") is { Length: 1 } t ? TierDigits.Unpack(t[0]) : null;
                resolution = new ObjectionResolution(o, e.GetString("Reason") ?? "", tier, e.GetString("By") ?? "", e.GetDateTimeOffset("ResolvedAt") ?? default);
            }
            list.Add((number, new Objection(idOf(number), e.GetString("Village") ?? "", e.GetString("Text") ?? "", e.GetString("Contact"),
                e.GetDateTimeOffset("At") ?? default, resolution)));
        }
        return list.OrderBy(x => x.Item1).ToList();
    }

    /// <summary>Adds a new objection's row (never overwrites: a number is used once).</summary>
    public Task AddAsync(string cycle, string county, int number, Objection o, CancellationToken ct = default)
    {
        var entity = new TableEntity(Partition(cycle, county), number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
        {
            ["Village"] = o.Village,
            ["Text"] = o.Text,
            ["At"] = o.At,
        };
        if (o.Contact is { Length: > 0 } contact) entity["Contact"] = contact;
        return tables.Objections.AddEntityAsync(entity, ct);
    }

    /// <summary>Merges the resolution into the objection's row.</summary>
    public Task ResolveAsync(string cycle, string county, int number, ObjectionResolution r, CancellationToken ct = default)
    {
        var entity = new TableEntity(Partition(cycle, county), number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
        {
            ["Outcome"] = r.Outcome.ToWire(),
            ["Reason"] = r.Reason,
            ["By"] = r.By,
            ["ResolvedAt"] = r.At,
        };
        if (r.Tier is { } tier) entity["Tier"] = TierDigits.Pack([(Tier?)tier]);
        return tables.Objections.UpdateEntityAsync(entity, Azure.ETag.All, TableUpdateMode.Merge, ct);
    }
}
