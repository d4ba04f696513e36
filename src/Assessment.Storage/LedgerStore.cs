using System.Text;
using Assessment.Domain.Csv;
using Assessment.Domain.Indicators;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>One value a write gave one village's indicator: the stored text ("12.5", "true") and its note.</summary>
public sealed record LedgerEntry(string Indicator, string Value, string? Note);

/// <summary>One village's part of a write: its entries, in the write's column order.</summary>
public sealed record VillageEntries(string Village, IReadOnlyList<LedgerEntry> Entries);

/// <summary>
/// One write to a county's ledger in a cycle: a form entry (one village) or a county's file (every
/// village in it), with who, when, and the import it belongs to (if any). <see cref="Write"/>
/// numbers a county's writes in a cycle, oldest first.
/// </summary>
public sealed record LedgerBlock(string Cycle, int Write, string User, DateTimeOffset At, string? Import, IReadOnlyList<VillageEntries> Villages)
{
    /// <summary>Sets each of its entries as its village's current value.</summary>
    public void ApplyTo(Dictionary<string, Dictionary<string, IndicatorValue>> current)
    {
        foreach (var v in Villages)
        {
            if (!current.TryGetValue(v.Village, out var values)) current[v.Village] = values = new(StringComparer.Ordinal);
            foreach (var e in v.Entries) values[e.Indicator] = IndicatorValue.ParseStored(e.Value);
        }
    }
}

/// <summary>The answer an import gave, kept so that the same file sent again gets it again.</summary>
public sealed record ImportReceipt(string Cycle, string Hash, int Rows, int Villages, string User, DateTimeOffset At);

/// <summary>A county's ledger in one cycle as stored: the writes that count, oldest first, and the receipts.</summary>
public sealed record CountyLedger(IReadOnlyList<LedgerBlock> Blocks, IReadOnlyList<ImportReceipt> Receipts, int NextWrite)
{
    /// <summary>
    /// Every village's current values (the last entry per indicator) after the writes numbered below
    /// <paramref name="upTo"/> (all of them when null): what a compute saw is derived again exactly.
    /// </summary>
    public Dictionary<string, Dictionary<string, IndicatorValue>> CurrentValues(int? upTo = null)
    {
        var current = new Dictionary<string, Dictionary<string, IndicatorValue>>(StringComparer.Ordinal);
        foreach (var block in Blocks)
        {
            if (block.Write >= upTo) break;
            block.ApplyTo(current);
        }
        return current;
    }
}

/// <summary>A ledger entry as a reader sees it: the value and the one it replaced in the same cycle.</summary>
public sealed record LedgerLine(string Cycle, string Indicator, string Value, string? PreviousValue, string User, DateTimeOffset At, string? Note);

/// <summary>
/// The append-only ledger (台账). PartitionKey = county code. A write is one row (RowKey =
/// "{cycle}|{write:D6}|{part:D3}") holding every village it touched as one CSV text, one row per
/// village and one column per indicator, e.g. <c>village,new_members,collective_income,note:collective_income</c>:
/// a county's file of 500 villages is one entity of ~55 KB instead of 500 entities of ~2 KB, since
/// Azurite adds ~380 bytes to every entity and a query's cost grows with the table's entity count.
/// A previous value is not stored: it is the entry before in the same cycle.
/// An import's rows count only once its receipt ("{cycle}|~import|{hash}") is written after them:
/// a crash half-way leaves rows that no reader takes, never half a file.
/// </summary>
public sealed class LedgerStore(Tables tables)
{
    private const string ReceiptInfix = "|~import|";
    private const string NotePrefix = "note:";
    /// <summary>Characters per row: 15 properties of 60 KB stay under an entity's 1 MiB.</summary>
    private const int CharsPerRow = 15 * LongText.CharsPerProperty;

    private static string BlockKey(string cycle, int write, int part) => $"{cycle}|{write:D6}|{part:D3}";
    private static string ReceiptKey(string cycle, string hash) => $"{cycle}{ReceiptInfix}{hash}";

    /// <summary>Writes a block (new keys only: a ledger row is never overwritten), then the receipt if there is one.</summary>
    public Task AppendAsync(string county, LedgerBlock block, ImportReceipt? receipt, CancellationToken ct = default) =>
        WriteAsync(county, block, receipt, overwrite: false, ct);

    /// <param name="overwrite">Only for <see cref="StoredFormat"/>'s conversion, which may be done again after a crash and writes the same rows.</param>
    internal async Task WriteAsync(string county, LedgerBlock block, ImportReceipt? receipt, bool overwrite, CancellationToken ct)
    {
        Task Put(TableEntity e) => overwrite ? tables.Ledger.UpsertEntityAsync(e, TableUpdateMode.Replace, ct) : tables.Ledger.AddEntityAsync(e, ct);
        var text = ToCsv(block.Villages);
        for (var part = 0; part * CharsPerRow < text.Length; part++)
        {
            var entity = new TableEntity(county, BlockKey(block.Cycle, block.Write, part))
            {
                ["User"] = block.User,
                ["At"] = block.At,
                ["Import"] = block.Import,
            };
            LongText.Write(entity, "D", text.Substring(part * CharsPerRow, Math.Min(CharsPerRow, text.Length - part * CharsPerRow)));
            await Put(entity);
        }
        if (receipt is not null)
        {
            await Put(new TableEntity(county, ReceiptKey(receipt.Cycle, receipt.Hash))
            {
                ["Rows"] = receipt.Rows,
                ["Villages"] = receipt.Villages,
                ["User"] = receipt.User,
                ["At"] = receipt.At,
            });
        }
    }

    /// <summary>Every write and receipt of a county in a cycle: what its ledger grain starts from.</summary>
    public async Task<CountyLedger> LoadAsync(string county, string cycle, CancellationToken ct = default) =>
        (await LoadCyclesAsync(county, cycle, ct)).GetValueOrDefault(cycle) ?? new CountyLedger([], [], 0);

    /// <summary>
    /// One village's entries, oldest first, in <paramref name="cycle"/> or every cycle; each with the
    /// value it replaced in its cycle.
    /// </summary>
    public async Task<List<LedgerLine>> VillageLinesAsync(string county, string village, string? cycle, CancellationToken ct = default)
    {
        var lines = new List<LedgerLine>();
        foreach (var (c, ledger) in (await LoadCyclesAsync(county, cycle, ct)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var had = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var block in ledger.Blocks)
            {
                if (block.Villages.FirstOrDefault(v => v.Village == village) is not { } mine) continue;
                foreach (var e in mine.Entries)
                {
                    lines.Add(new LedgerLine(c, e.Indicator, e.Value, had.GetValueOrDefault(e.Indicator), block.User, block.At, e.Note));
                    had[e.Indicator] = e.Value;
                }
            }
        }
        return lines;
    }

    /// <summary>Reads one cycle's range of the county's partition (or the whole partition) and assembles its writes.</summary>
    private async Task<Dictionary<string, CountyLedger>> LoadCyclesAsync(string county, string? cycle, CancellationToken ct)
    {
        // "}" follows "|" in ASCII: [cycle|, cycle}) is every row of the cycle, receipts included.
        var filter = cycle is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {county}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {county} and RowKey ge {cycle + "|"} and RowKey lt {cycle + "}"}");
        var parts = new List<TableEntity>();
        var receipts = new List<ImportReceipt>();
        await foreach (var e in tables.Ledger.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var at = e.RowKey.IndexOf(ReceiptInfix, StringComparison.Ordinal);
            if (at > 0)
            {
                receipts.Add(new ImportReceipt(e.RowKey[..at], e.RowKey[(at + ReceiptInfix.Length)..], e.GetInt32("Rows") ?? 0, e.GetInt32("Villages") ?? 0,
                    e.GetString("User") ?? "", e.GetDateTimeOffset("At") ?? default));
            }
            else if (e.RowKey.Split('|') is [_, _, _]) parts.Add(e);
        }

        var receiptsOf = receipts.ToLookup(r => r.Cycle);
        // Rows come ordered by RowKey, so a write's parts are together and in order.
        var partsOf = parts.ToLookup(e => e.RowKey.Split('|')[0]);
        var result = new Dictionary<string, CountyLedger>(StringComparer.Ordinal);
        foreach (var c in partsOf.Select(g => g.Key).Union(receiptsOf.Select(g => g.Key)))
        {
            var cycleReceipts = receiptsOf[c].ToList();
            var committed = cycleReceipts.Select(r => r.Hash).ToHashSet(StringComparer.Ordinal);
            var blocks = new List<LedgerBlock>();
            var next = 0;
            foreach (var write in partsOf[c].GroupBy(e => int.Parse(e.RowKey.Split('|')[1])))
            {
                // Numbers of a half-written import are never used again, but its values do not count.
                next = Math.Max(next, write.Key + 1);
                var first = write.First();
                var import = first.GetString("Import");
                if (import is not null && !committed.Contains(import)) continue;
                var text = string.Concat(write.Select(part => LongText.Read(part, "D")));
                blocks.Add(new LedgerBlock(c, write.Key, first.GetString("User") ?? "", first.GetDateTimeOffset("At") ?? default, import, FromCsv(text)));
            }
            result[c] = new CountyLedger(blocks, cycleReceipts, next);
        }
        return result;
    }

    /// <summary>One row per village, one column per indicator (in order of first use), a note column where any entry has a note.</summary>
    internal static string ToCsv(IReadOnlyList<VillageEntries> villages)
    {
        var columns = villages.SelectMany(v => v.Entries.Select(e => e.Indicator)).Distinct().ToList();
        var noted = villages.SelectMany(v => v.Entries.Where(e => e.Note is not null).Select(e => e.Indicator)).ToHashSet();
        var header = columns.Concat(columns.Where(noted.Contains).Select(c => NotePrefix + c)).ToList();
        var text = new StringBuilder();
        text.Append("village");
        foreach (var h in header) text.Append(',').Append(h);
        foreach (var v in villages)
        {
            text.Append('\n').Append(v.Village);
            var entries = v.Entries.ToDictionary(e => e.Indicator);
            foreach (var c in columns) text.Append(',').Append(entries.GetValueOrDefault(c)?.Value);
            foreach (var c in columns.Where(noted.Contains)) text.Append(',').Append(Quote(entries.GetValueOrDefault(c)?.Note));
        }
        return text.ToString();
    }

    internal static List<VillageEntries> FromCsv(string text)
    {
        var table = CsvText.Parse(text);
        var header = table.Header;
        var noteOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < header.Count; i++)
        {
            if (header[i].StartsWith(NotePrefix, StringComparison.Ordinal)) noteOf[header[i][NotePrefix.Length..]] = i;
        }
        var villages = new List<VillageEntries>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var entries = new List<LedgerEntry>();
            for (var i = 1; i < header.Count && !header[i].StartsWith(NotePrefix, StringComparison.Ordinal); i++)
            {
                if (row[i].Length == 0) continue;
                var note = noteOf.TryGetValue(header[i], out var n) && row[n].Length > 0 ? row[n] : null;
                entries.Add(new LedgerEntry(header[i], row[i], note));
            }
            villages.Add(new VillageEntries(row[0], entries));
        }
        return villages;
    }

    private static string Quote(string? cell) =>
        cell is null ? "" : cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell.Length == 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
