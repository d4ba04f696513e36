using System.Text.Json;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>A village's proposal in a cycle, from which compute run, and the province's decision on it.</summary>
public sealed record StoredAssessment(VillageAssessment Assessment, int Run, DecisionRecord? Decision);

/// <summary>
/// Proposals and decisions. PartitionKey = "{cycle}|{county}", RowKey = village code: a county's
/// proposals are written in entity-group transactions and read back in one query.
/// </summary>
public sealed class AssessmentStore(Tables tables)
{
    private static string Partition(string cycle, string county) => $"{cycle}|{county}";

    public async Task<List<StoredAssessment>> CountyAsync(string cycle, string county, CancellationToken ct = default)
    {
        var rows = new List<StoredAssessment>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(cycle, county)}");
        await foreach (var e in tables.Assessments.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var assessment = JsonSerializer.Deserialize<VillageAssessment>(e.GetString("Data")!, StoredJson.Options)!;
            var decision = e.GetString("Decision") is { Length: > 0 } d ? JsonSerializer.Deserialize<DecisionRecord>(d, StoredJson.Options) : null;
            rows.Add(new StoredAssessment(assessment, e.GetInt32("Run") ?? 0, decision));
        }
        return rows;
    }

    /// <summary>Replaces the county's proposals (and so clears their decisions).</summary>
    public Task SaveProposalsAsync(string cycle, string county, IEnumerable<StoredAssessment> rows, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Assessments, rows.Select(r => new TableEntity(Partition(cycle, county), r.Assessment.Village)
        {
            ["Run"] = r.Run,
            ["Data"] = JsonSerializer.Serialize(r.Assessment, StoredJson.Options),
            ["Decision"] = "",
        }), TableTransactionActionType.UpsertReplace, ct);

    /// <summary>Writes decisions only: the proposals they answer are left as they are.</summary>
    public Task SaveDecisionsAsync(string cycle, string county, IEnumerable<(string Village, DecisionRecord Decision)> decisions, CancellationToken ct = default) =>
        TableBatches.SubmitAsync(tables.Assessments, decisions.Select(d => new TableEntity(Partition(cycle, county), d.Village)
        {
            ["Decision"] = JsonSerializer.Serialize(d.Decision, StoredJson.Options),
        }), TableTransactionActionType.UpsertMerge, ct);
}
