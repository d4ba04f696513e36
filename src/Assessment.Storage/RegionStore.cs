using Assessment.Domain;
using Assessment.Domain.Regions;
using Azure.Data.Tables;

namespace Assessment.Storage;

public sealed record RegionEntry(string Code, string Name, RegionLevel Level, string? ParentCode);

/// <summary>
/// The region tree, one row per region in its parent's partition (PartitionKey = parent code,
/// "root" for a province). A region is found by a point read because its parent follows from its
/// code, and a region's children are one partition query: no village grain is activated to list them.
/// </summary>
public sealed class RegionStore(Tables tables)
{
    private const string Root = "root";
    private const int ReadsInFlight = 8;
    /// <summary>
    /// How long a region's list of children is kept in memory. Reports walk the tree on every request,
    /// and Azurite answers a partition query by filtering the whole table (~72,000 rows for a
    /// province); the tree changes only by a region import, which clears this host's copy at once. A
    /// second host sees an import within this time.
    /// </summary>
    private static readonly TimeSpan ChildrenKept = TimeSpan.FromSeconds(30);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Read, IReadOnlyList<RegionEntry> Children)> children = new();

    private static string PartitionOf(DivisionCode code) => code.Parent?.Value ?? Root;

    public async Task<RegionEntry?> GetAsync(DivisionCode code, CancellationToken ct = default)
    {
        var row = await tables.Regions.GetEntityIfExistsAsync<TableEntity>(PartitionOf(code), code.Value, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? ToEntry(row.Value) : null;
    }

    /// <summary>Every stored province (the root partition).</summary>
    public async Task<IReadOnlyList<RegionEntry>> ProvincesAsync(CancellationToken ct = default)
    {
        var provinces = new List<RegionEntry>();
        await foreach (var row in tables.Regions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Root}"), cancellationToken: ct))
        {
            provinces.Add(ToEntry(row));
        }
        return provinces;
    }

    /// <summary>A page of children ordered by code, starting after <paramref name="after"/>.</summary>
    public async Task<(IReadOnlyList<RegionEntry> Items, string? Next)> ChildrenAsync(DivisionCode code, string? after, int limit, CancellationToken ct = default)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {code.Value}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {code.Value} and RowKey gt {after}");
        var items = new List<RegionEntry>(limit);
        await foreach (var row in tables.Regions.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), cancellationToken: ct))
        {
            if (items.Count == limit) return (items, items[^1].Code);
            items.Add(ToEntry(row));
        }
        return (items, null);
    }

    /// <summary>
    /// Every stored region below <paramref name="region"/> at <paramref name="level"/>, walking the tree
    /// level by level; <paramref name="fresh"/> reads storage (what a compute rates), else the children
    /// this host read in the last 30 s may be used (what a report shows).
    /// </summary>
    public async Task<IReadOnlyList<RegionEntry>> DescendantsAsync(DivisionCode region, RegionLevel level, CancellationToken ct = default, bool fresh = false)
    {
        if (region.Level == RegionLevel.County && level == RegionLevel.Village) return await VillagesOfCountyAsync(region, fresh, ct);
        IReadOnlyList<RegionEntry> current = [];
        var codes = new List<DivisionCode> { region };
        for (var l = region.Level + 1; l <= level; l++)
        {
            var next = new List<RegionEntry>();
            foreach (var code in codes) next.AddRange(await AllChildrenAsync(code, fresh, ct));
            current = next;
            codes = next.Select(r => DivisionCode.Parse(r.Code)).ToList();
        }
        return current;
    }

    private async Task<IReadOnlyList<RegionEntry>> AllChildrenAsync(DivisionCode code, bool fresh, CancellationToken ct)
    {
        if (!fresh && children.TryGetValue(code.Value, out var kept) && DateTime.UtcNow - kept.Read < ChildrenKept) return kept.Children;
        var all = new List<RegionEntry>();
        string? after = null;
        do
        {
            var (items, more) = await ChildrenAsync(code, after, 1000, ct);
            all.AddRange(items);
            after = more;
        } while (after is not null);
        children[code.Value] = (DateTime.UtcNow, all);
        return all;
    }

    /// <summary>
    /// A county's villages in one range query instead of one query per township: their partitions (the townships'
    /// codes) all lie after the county's own code and within its six-digit prefix. Ordered by code, like the walk.
    /// </summary>
    private async Task<IReadOnlyList<RegionEntry>> VillagesOfCountyAsync(DivisionCode county, bool fresh, CancellationToken ct)
    {
        var key = county.Value + "/villages";
        if (!fresh && children.TryGetValue(key, out var kept) && DateTime.UtcNow - kept.Read < ChildrenKept) return kept.Children;
        var last = county.Value[..6] + "999999";
        var villages = new List<RegionEntry>();
        await foreach (var row in tables.Regions.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey gt {county.Value} and PartitionKey le {last}"), maxPerPage: 1000, cancellationToken: ct))
        {
            villages.Add(ToEntry(row));
        }
        villages.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        children[key] = (DateTime.UtcNow, villages);
        return villages;
    }

    /// <summary>Which of <paramref name="codes"/> are stored.</summary>
    public async Task<IReadOnlySet<string>> ExistingAsync(IEnumerable<DivisionCode> codes, CancellationToken ct = default)
    {
        var found = new HashSet<string>();
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = ct }, async (code, token) =>
        {
            if (await GetAsync(code, token) is not null)
            {
                lock (found) found.Add(code.Value);
            }
        });
        return found;
    }

    /// <summary>Writes regions in entity-group transactions, one partition (parent) per batch.</summary>
    public async Task UpsertAsync(IEnumerable<RegionEntry> regions, CancellationToken ct = default)
    {
        children.Clear();
        await TableBatches.SubmitAsync(tables.Regions, regions.Select(r => new TableEntity(r.ParentCode ?? Root, r.Code)
        {
            ["Name"] = r.Name,
            ["Level"] = r.Level.ToWire(),
        }), TableTransactionActionType.UpsertReplace, ct);
        children.Clear();
    }

    private static RegionEntry ToEntry(TableEntity row)
    {
        RegionLevels.TryParse(row.GetString("Level"), out var level);
        return new RegionEntry(row.RowKey, row.GetString("Name") ?? "", level, row.PartitionKey == Root ? null : row.PartitionKey);
    }
}
