using System.Text.Json;
using System.Text.RegularExpressions;
using Assessment.Domain;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Assessment.Storage;

/// <summary>
/// The version of the stored layout, and the conversion from version 1 (what main wrote until
/// 2026-11-26: a ledger row per village and write with its entries as JSON, a proposal row per
/// village with its whole assessment as JSON) to version 2 (a ledger row per write, one proposals
/// row per county; see <see cref="LedgerStore"/> and <see cref="AssessmentStore"/>). The host runs
/// it at start-up; it writes the new rows first, then the version, then deletes the old rows, and a
/// crash anywhere is finished by the next start. Decisions, villages, regions and users kept their layout.
/// </summary>
public sealed partial class StoredFormat(Tables tables, LedgerStore ledger, AssessmentStore assessments, ILogger<StoredFormat> log)
{
    public const int Current = 2;
    private const string Partition = "format";
    private const string Row = "storage";

    /// <summary>A version-1 ledger row: "{village}|{cycle}|{sequence}".</summary>
    [GeneratedRegex(@"^\d{12}\|\d{4}\|\d{6}$")]
    private static partial Regex OldLedgerRow();

    /// <summary>A version-1 proposal row: the village code.</summary>
    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex OldProposalRow();

    private const string OldReceiptPrefix = "~import|";

    private sealed record OldEntry(string Indicator, string Value, string? Note);
    private sealed record OldAssessment(string Village, Tier? PreviousTier, Tier ProposedTier, decimal Score);

    public async Task UpgradeAsync(CancellationToken ct)
    {
        var marker = await tables.Grains.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: ct);
        if (marker.HasValue && marker.Value!.GetInt32("Version") >= Current) return;

        var oldLedger = await ConvertLedgerAsync(ct);
        var oldProposals = await ConvertProposalsAsync(ct);
        await tables.Grains.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Version"] = Current }, TableUpdateMode.Replace, ct);
        await DeleteAsync(tables.Ledger, oldLedger, ct);
        await DeleteAsync(tables.Assessments, oldProposals, ct);
        if (oldLedger.Count + oldProposals.Count > 0)
            log.LogInformation("Stored data converted to format {Version}: {Ledger} ledger rows and {Proposals} proposal rows of format 1 replaced", Current, oldLedger.Count, oldProposals.Count);
    }

    /// <summary>Each county's rows of a cycle become one write per import (with its receipt) and one per form entry, in the order they were made.</summary>
    private async Task<List<TableEntity>> ConvertLedgerAsync(CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        var receipts = new List<TableEntity>();
        await foreach (var e in tables.Ledger.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            if (OldLedgerRow().IsMatch(e.RowKey)) rows.Add(e);
            else if (e.RowKey.StartsWith(OldReceiptPrefix, StringComparison.Ordinal)) receipts.Add(e);
        }
        if (rows.Count + receipts.Count == 0) return [];
        log.LogInformation("Converting {Rows} ledger rows of format 1…", rows.Count);

        var receiptOf = receipts.ToDictionary(r => (r.PartitionKey, r.RowKey[OldReceiptPrefix.Length..]));
        foreach (var group in rows.GroupBy(r => (County: r.PartitionKey, Cycle: r.RowKey.Split('|')[1])))
        {
            var (county, cycle) = group.Key;
            var writes = group
                .Select(r => (Row: r, Import: r.GetString("Import"), At: r.GetDateTimeOffset("At") ?? default))
                // An import without its receipt never counted; it is left out.
                .Where(r => r.Import is null || receiptOf.ContainsKey((county, $"{cycle}|{r.Import}")))
                .GroupBy(r => r.Import ?? r.Row.RowKey)
                .Select(w => (Rows: w.OrderBy(r => r.Row.RowKey, StringComparer.Ordinal).ToList(), Import: w.First().Import, At: w.Min(r => r.At)))
                .OrderBy(w => w.At).ThenBy(w => w.Rows[0].Row.RowKey, StringComparer.Ordinal)
                .ToList();
            for (var n = 0; n < writes.Count; n++)
            {
                var (writeRows, import, at) = writes[n];
                var villages = writeRows.Select(r => new VillageEntries(r.Row.RowKey[..12],
                    (JsonSerializer.Deserialize<List<OldEntry>>(r.Row.GetString("Entries") ?? "[]", StoredJson.Options) ?? [])
                        .Select(e => new LedgerEntry(e.Indicator, e.Value, e.Note)).ToList())).ToList();
                var block = new LedgerBlock(cycle, n, writeRows[0].Row.GetString("User") ?? "", at, import, villages);
                ImportReceipt? receipt = null;
                if (import is not null)
                {
                    var r = receiptOf[(county, $"{cycle}|{import}")];
                    receipt = new ImportReceipt(cycle, import, r.GetInt32("Rows") ?? 0, r.GetInt32("Villages") ?? 0, r.GetString("User") ?? "", r.GetDateTimeOffset("At") ?? at);
                }
                await ledger.WriteAsync(county, block, receipt, overwrite: true, ct);
            }
        }
        return [.. rows, .. receipts];
    }

    /// <summary>Each county's proposal rows of its last run become its proposals row.</summary>
    private async Task<List<TableEntity>> ConvertProposalsAsync(CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in tables.Assessments.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            if (OldProposalRow().IsMatch(e.RowKey)) rows.Add(e);
        }
        foreach (var county in rows.GroupBy(r => r.PartitionKey))
        {
            var (cycle, code) = (county.Key.Split('|')[0], county.Key.Split('|')[1]);
            var run = county.Max(r => r.GetInt32("Run") ?? 0);
            var villages = county.Where(r => (r.GetInt32("Run") ?? 0) == run)
                .Select(r => JsonSerializer.Deserialize<OldAssessment>(r.GetString("Data")!, StoredJson.Options)!)
                .OrderBy(a => a.Village, StringComparer.Ordinal)
                .Select(a => new ProposedVillage(a.Village, a.PreviousTier, a.ProposedTier, a.Score))
                .ToList();
            // Format 1 did not say how much of the ledger a compute saw: all of it, unless the cycle was
            // reopened and changed since (then its proposals were stale anyway and are computed again).
            var writes = (await ledger.LoadAsync(code, cycle, ct)).NextWrite;
            await assessments.SaveProposalsAsync(cycle, code, new CountyProposals(run, writes, villages), ct);
        }
        return rows;
    }

    private static async Task DeleteAsync(TableClient table, List<TableEntity> rows, CancellationToken ct)
    {
        foreach (var batch in rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(TableBatches.BatchSize)))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), ct);
            }
            catch (TableTransactionFailedException)
            {
                // Another host converting at the same time deleted some already: delete the rest one by one.
                foreach (var e in batch)
                {
                    try { await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, ct); }
                    catch (RequestFailedException gone) when (gone.Status == 404) { }
                }
            }
        }
    }
}
