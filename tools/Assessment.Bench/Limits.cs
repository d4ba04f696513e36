using System.Diagnostics;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Scoring;
using Assessment.Generator;
using Azure.Data.Tables;

namespace Assessment.Bench;

/// <summary>The two limits bench.md measures beside every run.</summary>
public static class Limits
{
    /// <summary>
    /// Storage: <paramref name="entities"/> entities of <paramref name="bytesPerEntity"/> bytes written with raw
    /// entity-group transactions (100 per batch, one partition per county, 8 batches in flight): entities/s.
    /// </summary>
    public static async Task<double> StorageAsync(string connectionString, IReadOnlyList<string> counties, int entities, int bytesPerEntity, Action<string> progress)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("benchlimit" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var payload = new string('x', bytesPerEntity);
        var batches = Enumerable.Range(0, entities)
            .GroupBy(i => counties[i % counties.Count])
            .SelectMany(g => g.Chunk(100).Select(chunk => chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(g.Key, i.ToString("D8")) { ["Data"] = payload })).ToList()))
            .ToList();
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            await table.SubmitTransactionAsync(batch, ct);
            var n = Interlocked.Add(ref done, batch.Count);
            if (n % 5000 < 100) progress($"storage limit: {n:N0}/{entities:N0} entities");
        });
        var rate = entities / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
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
