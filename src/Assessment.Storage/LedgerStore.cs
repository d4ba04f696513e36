using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>One value as the ledger keeps it: the value and the one it replaced, as text ("12.5", "true").</summary>
public sealed record LedgerEntry(string Indicator, string Value, string? PreviousValue, string? Note);

/// <summary>One write to one village: the entries it made, who, when, and the import it belongs to (if any).</summary>
public sealed record LedgerRow(string Village, string Cycle, int Sequence, IReadOnlyList<LedgerEntry> Entries, string User, DateTimeOffset At, string? Import);

/// <summary>The answer an import gave, kept so that the same file sent again gets it again.</summary>
public sealed record ImportReceipt(string Cycle, string Hash, int Rows, int Villages, string User, DateTimeOffset At);

/// <summary>
/// The append-only ledger (台账). PartitionKey = county code; RowKey = "{village}|{cycle}|{sequence}",
/// so a village's history is one range read and a county's file is entity-group transactions in one
/// partition. An import's rows count only once its receipt ("~import|{cycle}|{hash}") is written
/// after them: a crash half-way leaves rows that no reader takes, never half a file.
/// </summary>
public sealed class LedgerStore(Tables tables)
{
    private const string ReceiptPrefix = "~import|";

    public static string RowKey(string village, string cycle, int sequence) => $"{village}|{cycle}|{sequence:D6}";

    private static string ReceiptKey(string cycle, string hash) => $"{ReceiptPrefix}{cycle}|{hash}";

    /// <summary>Writes rows (new keys only: a ledger row is never overwritten), then the receipt if there is one.</summary>
    public async Task AppendAsync(string county, IReadOnlyList<LedgerRow> rows, ImportReceipt? receipt, CancellationToken ct = default)
    {
        await TableBatches.SubmitAsync(tables.Ledger, rows.Select(r => ToEntity(county, r)), TableTransactionActionType.Add, ct);
        if (receipt is not null)
        {
            await tables.Ledger.AddEntityAsync(new TableEntity(county, ReceiptKey(receipt.Cycle, receipt.Hash))
            {
                ["Cycle"] = receipt.Cycle,
                ["Rows"] = receipt.Rows,
                ["Villages"] = receipt.Villages,
                ["User"] = receipt.User,
                ["At"] = receipt.At,
            }, ct);
        }
    }

    /// <summary>Every row and receipt of a county in a cycle: what its ledger grain starts from.</summary>
    public async Task<(List<LedgerRow> Rows, List<ImportReceipt> Receipts)> LoadAsync(string county, string cycle, CancellationToken ct = default)
    {
        var rows = new List<LedgerRow>();
        var receipts = new List<ImportReceipt>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {county} and Cycle eq {cycle}");
        await foreach (var e in tables.Ledger.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(ReceiptPrefix, StringComparison.Ordinal)) receipts.Add(ToReceipt(e));
            else rows.Add(ToRow(e));
        }
        return (rows, receipts);
    }

    /// <summary>
    /// Up to <paramref name="maxRows"/> of one village's rows, oldest first, from <paramref name="fromRowKey"/>
    /// on (inclusive); rows of imports without a receipt are left out.
    /// </summary>
    public async Task<List<(string RowKey, LedgerRow Row)>> VillageRowsAsync(
        string county, string village, string? cycle, string? fromRowKey, int maxRows, CancellationToken ct = default)
    {
        var prefix = cycle is null ? $"{village}|" : $"{village}|{cycle}|";
        var from = fromRowKey is not null && string.CompareOrdinal(fromRowKey, prefix) > 0 ? fromRowKey : prefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {county} and RowKey ge {from} and RowKey lt {prefix + "~"}");
        var rows = new List<(string, LedgerRow)>();
        var committed = new Dictionary<string, bool>();
        await foreach (var e in tables.Ledger.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(maxRows, 1000), cancellationToken: ct))
        {
            var row = ToRow(e);
            if (row.Import is { } hash)
            {
                var key = ReceiptKey(row.Cycle, hash);
                if (!committed.TryGetValue(key, out var ok))
                {
                    ok = (await tables.Ledger.GetEntityIfExistsAsync<TableEntity>(county, key, ["RowKey"], ct)).HasValue;
                    committed[key] = ok;
                }
                if (!ok) continue;
            }
            rows.Add((e.RowKey, row));
            if (rows.Count == maxRows) break;
        }
        return rows;
    }

    private static TableEntity ToEntity(string county, LedgerRow r) => new(county, RowKey(r.Village, r.Cycle, r.Sequence))
    {
        ["Cycle"] = r.Cycle,
        ["Entries"] = JsonSerializer.Serialize(r.Entries, StoredJson.Options),
        ["User"] = r.User,
        ["At"] = r.At,
        ["Import"] = r.Import,
    };

    private static LedgerRow ToRow(TableEntity e)
    {
        var parts = e.RowKey.Split('|');
        return new LedgerRow(parts[0], parts[1], int.Parse(parts[2]),
            JsonSerializer.Deserialize<List<LedgerEntry>>(e.GetString("Entries") ?? "[]", StoredJson.Options) ?? [],
            e.GetString("User") ?? "", e.GetDateTimeOffset("At") ?? default, e.GetString("Import"));
    }

    private static ImportReceipt ToReceipt(TableEntity e)
    {
        var parts = e.RowKey.Split('|');
        return new ImportReceipt(parts[1], parts[2], e.GetInt32("Rows") ?? 0, e.GetInt32("Villages") ?? 0, e.GetString("User") ?? "", e.GetDateTimeOffset("At") ?? default);
    }
}
