using System.Text.Json;
using Assessment.Domain;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>A village's proposal in a cycle and the compute run that made it.</summary>
public sealed record StoredProposal(VillageAssessment Assessment, int Run);

/// <summary>One village's part of a batch of decisions.</summary>
public sealed record DecidedVillage(string Village, Decision Decision, Tier FinalTier, string? Reason);

/// <summary>Decisions taken together (one, or a bulk decide in one county): on which run's proposals, by whom, when.</summary>
public sealed record DecisionBatch(int Sequence, int Run, string User, DateTimeOffset At, IReadOnlyList<DecidedVillage> Villages);

/// <summary>
/// Proposals and decisions, in the partition "{cycle}|{county}". A proposal is one row per village
/// (RowKey = village code), written in entity-group transactions. Decisions are an append-only log
/// (RowKey = "~decisions|{sequence}"), one row per batch: a province's bulk approval is one row per
/// county, not a row rewritten per village, and who decided what when is never overwritten.
/// </summary>
public sealed class AssessmentStore(Tables tables)
{
    private const string DecisionsPrefix = "~decisions|";
    /// <summary>Villages per decision row: keeps a row's JSON well under a property's 64 KiB.</summary>
    public const int DecisionsPerRow = 300;

    private static string Partition(string cycle, string county) => $"{cycle}|{county}";

    public async Task<(List<StoredProposal> Proposals, List<DecisionBatch> Decisions)> CountyAsync(string cycle, string county, CancellationToken ct = default)
    {
        var proposals = new List<StoredProposal>();
        var decisions = new List<DecisionBatch>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(cycle, county)}");
        await foreach (var e in tables.Assessments.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(DecisionsPrefix, StringComparison.Ordinal))
            {
                decisions.Add(new DecisionBatch(int.Parse(e.RowKey[DecisionsPrefix.Length..]), e.GetInt32("Run") ?? 0, e.GetString("User") ?? "",
                    e.GetDateTimeOffset("At") ?? default, JsonSerializer.Deserialize<List<DecidedVillage>>(e.GetString("Villages")!, StoredJson.Options)!));
            }
            else
            {
                proposals.Add(new StoredProposal(JsonSerializer.Deserialize<VillageAssessment>(e.GetString("Data")!, StoredJson.Options)!, e.GetInt32("Run") ?? 0));
            }
        }
        return (proposals, decisions.OrderBy(d => d.Sequence).ToList());
    }

    /// <summary>Replaces the county's proposals; decisions on an earlier run no longer apply to them.</summary>
    public Task SaveProposalsAsync(string cycle, string county, IEnumerable<StoredProposal> rows, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Assessments, rows.Select(r => new TableEntity(Partition(cycle, county), r.Assessment.Village)
        {
            ["Run"] = r.Run,
            ["Data"] = JsonSerializer.Serialize(r.Assessment, StoredJson.Options),
        }), TableTransactionActionType.UpsertReplace, ct);

    /// <summary>Appends decision batches (never overwrites one: a sequence number is used once).</summary>
    public Task AppendDecisionsAsync(string cycle, string county, IEnumerable<DecisionBatch> batches, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Assessments, batches.Select(b => new TableEntity(Partition(cycle, county), $"{DecisionsPrefix}{b.Sequence:D6}")
        {
            ["Run"] = b.Run,
            ["User"] = b.User,
            ["At"] = b.At,
            ["Villages"] = JsonSerializer.Serialize(b.Villages, StoredJson.Options),
        }), TableTransactionActionType.Add, ct);
}
