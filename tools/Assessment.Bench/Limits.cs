using System.Diagnostics;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Scoring;
using Assessment.Generator;
using Azure.Data.Tables;

namespace Assessment.Bench;

/// <summary>
/// What one cycle's import writes, in the storage's packed layout, computed in this one place from the province:
/// per county file one packed block (the county's villages' values in string properties, about
/// <see cref="PackedBytesPerVillage"/> bytes a village; more than one block only if it would pass
/// <see cref="MaxEntityBytes"/>) and one small receipt. The storage limit writes exactly these entities, and B1's rate is
/// taken against the same entities and bytes.
/// </summary>
public sealed record ImportShape(IReadOnlyList<ImportShape.CountyFile> Files)
{
    public sealed record CountyFile(string County, int Villages, IReadOnlyList<int> EntityBytes);

    /// <summary>A village's values in the county's packed block.</summary>
    public const int PackedBytesPerVillage = 110;
    /// <summary>The file's receipt entity.</summary>
    public const int ReceiptBytes = 100;
    /// <summary>The most one packed block holds (Azure's entity limit is 1 MiB).</summary>
    public const int MaxEntityBytes = 900_000;

    public int Entities => Files.Sum(f => f.EntityBytes.Count);
    public long Bytes => Files.Sum(f => f.EntityBytes.Sum(b => (long)b));
    public int Villages => Files.Sum(f => f.Villages);

    public static ImportShape Of(GeneratedProvince province) => new(province.Villages.GroupBy(v => v.County).Select(county =>
    {
        var villages = county.Count();
        var block = villages * PackedBytesPerVillage;
        var blocks = Math.Max(1, (block + MaxEntityBytes - 1) / MaxEntityBytes);
        var sizes = Enumerable.Range(0, blocks).Select(i => block / blocks + (i < block % blocks ? 1 : 0)).Append(ReceiptBytes).ToList();
        return new CountyFile(county.Key, villages, sizes);
    }).ToList());
}

/// <summary>The storage limit: what raw transactions reach, per second, in entities and in bytes (and so in villages).</summary>
public sealed record StorageLimit(double EntitiesPerSecond, double BytesPerSecond, double VillagesPerSecond, int Rounds, double Seconds);

/// <summary>The two limits bench.md measures beside every run.</summary>
public static class Limits
{
    private const int EntitiesPerTransaction = 100;
    /// <summary>A transaction's body may hold 4 MiB; this leaves room for the keys and the batch envelope.</summary>
    private const int BytesPerTransaction = 4 * 1024 * 1024 - 256 * 1024;
    /// <summary>Azure allows 32K characters a string property; the storage splits at 30,000.</summary>
    private const int CharsPerProperty = 30_000;
    private const int TransactionsInFlight = 8;
    /// <summary>At least one of Azurite's 5 s save intervals, so that on disk the limit pays for a save as an import does.</summary>
    private static readonly TimeSpan AtLeast = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Storage: the entities of one cycle's import (<paramref name="shape"/>: per county one packed block of ASCII strings of
    /// ≤ 30,000 characters and one receipt, in the county's partition) written with raw <c>Azure.Data.Tables</c> entity-group
    /// transactions (≤ 100 entities and ≤ 4 MiB each, 8 in flight) to a table of their own on the same Azurite: entities/s
    /// and bytes/s, which is how fast this Azurite takes an import's data when nothing else is done with it.
    /// Each round writes new rows (as a new cycle does); rounds repeat until 5 s have passed, so that a small province is not
    /// timed on a few milliseconds and, on disk, every measurement includes Azurite's saves.
    /// </summary>
    public static async Task<StorageLimit> StorageAsync(string connectionString, ImportShape shape, Action<string> progress)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("benchlimit" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var payloads = new Dictionary<int, string>();
        string Payload(int length) => payloads.TryGetValue(length, out var p) ? p : payloads[length] = new string('x', length);

        List<List<TableTransactionAction>> Transactions(int round)
        {
            var transactions = new List<List<TableTransactionAction>>();
            foreach (var file in shape.Files)
            {
                List<TableTransactionAction>? current = null;
                var currentBytes = 0;
                for (var e = 0; e < file.EntityBytes.Count; e++)
                {
                    var bytes = file.EntityBytes[e];
                    var entity = new TableEntity(file.County, $"{round:D4}-{e:D3}");
                    for (int offset = 0, part = 0; offset < bytes; offset += CharsPerProperty, part++)
                        entity[$"D{part:D2}"] = Payload(Math.Min(CharsPerProperty, bytes - offset));
                    if (current is null || current.Count == EntitiesPerTransaction || currentBytes + bytes > BytesPerTransaction)
                    {
                        transactions.Add(current = []);
                        currentBytes = 0;
                    }
                    current.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                    currentBytes += bytes;
                }
            }
            return transactions;
        }

        var rounds = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            var transactions = Transactions(rounds);
            var done = 0;
            await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = TransactionsInFlight }, async (batch, ct) =>
            {
                await table.SubmitTransactionAsync(batch, ct);
                var n = Interlocked.Add(ref done, batch.Count);
                if (n % 100 < batch.Count || n == shape.Entities)
                    progress($"storage limit: round {rounds + 1}, {n:N0}/{shape.Entities:N0} entities, {clock.Elapsed.TotalSeconds:F1} s");
            });
            rounds++;
        } while (clock.Elapsed < AtLeast);
        var seconds = clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return new StorageLimit(rounds * shape.Entities / seconds, rounds * shape.Bytes / seconds, rounds * (double)shape.Villages / seconds, rounds, seconds);
    }

    /// <summary>Compute: the scoring and tier rule over every village's values in one tight loop: villages/s.</summary>
    public static double Compute(GeneratedProvince province, Dictionary<string, Dictionary<string, IndicatorValue>> values)
    {
        var catalog = IndicatorCatalog.Default;
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        do
        {
            foreach (var v in province.Villages) VillageAssessment.Assess(v.Code, catalog, values[v.Code], null, Thresholds.Default);
            rounds++;
        } while (clock.Elapsed < TimeSpan.FromSeconds(2));
        return rounds * province.Villages.Count / clock.Elapsed.TotalSeconds;
    }
}
