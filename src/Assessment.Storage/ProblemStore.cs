using System.Text.Json;
using System.Text.Json.Serialization;
using Assessment.Domain.Problems;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>A file of evidence as stored beside its problem: the blob holds the bytes, this row says what they are.</summary>
public sealed record ProblemAttachment(int N, string Name, string ContentType, long Bytes, string Sha256, string Blob, string By, DateTimeOffset At);

/// <summary>A problem with its files and the day the daily supervision first saw it overdue (null: not yet).</summary>
public sealed record StoredProblem(Problem Problem, IReadOnlyList<ProblemAttachment> Attachments, DateOnly? OverdueNoted);

/// <summary>
/// Problems in the Problems table: partition = county code, row = problem id ("{village}-{n}"),
/// one row per problem with its fields, every transition and its attachments as compact JSON
/// (short names; a problem with a few steps is ~600 bytes). A problem is written whole on each step:
/// a county's problems are few, and a step is one upsert of one row.
/// </summary>
public sealed class ProblemStore(Tables tables)
{
    public async Task<List<StoredProblem>> CountyAsync(string county, CancellationToken ct = default)
    {
        var problems = new List<StoredProblem>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {county}");
        await foreach (var e in tables.Problems.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var row = JsonSerializer.Deserialize<Row>(e.GetString("Data")!, StoredJson.Options)!;
            problems.Add(row.ToStored(e.RowKey));
        }
        return problems;
    }

    /// <summary>Writes problems of one county (a step: one; the daily supervision: those newly overdue, in batches).</summary>
    public Task SaveAsync(string county, IReadOnlyList<StoredProblem> problems, CancellationToken ct = default) =>
        problems.Count == 1
            ? tables.Problems.UpsertEntityAsync(Entity(county, problems[0]), TableUpdateMode.Replace, ct)
            : TableBatches.SubmitAsync(tables.Problems, problems.Select(p => Entity(county, p)), TableTransactionActionType.UpsertReplace, ct);

    private static TableEntity Entity(string county, StoredProblem p) =>
        new(county, p.Problem.Id) { ["Data"] = JsonSerializer.Serialize(Row.Of(p), StoredJson.Options) };

    // Short member names: the row is read only here.
    private sealed record Row(
        [property: JsonPropertyName("v")] string Village,
        [property: JsonPropertyName("c")] string Category,
        [property: JsonPropertyName("d")] string Description,
        [property: JsonPropertyName("sv")] ProblemSeverity Severity,
        [property: JsonPropertyName("so")] ProblemSource Source,
        [property: JsonPropertyName("r")] string Responsible,
        [property: JsonPropertyName("dl")] DateOnly Deadline,
        [property: JsonPropertyName("t")] List<Step> Steps,
        [property: JsonPropertyName("a")] List<ProblemAttachment>? Attachments,
        [property: JsonPropertyName("od")] DateOnly? OverdueNoted)
    {
        public static Row Of(StoredProblem s)
        {
            var p = s.Problem;
            return new Row(p.Village, p.Category, p.Description, p.Severity, p.Source, p.Responsible, p.Deadline,
                p.Transitions.Select(t => new Step(t.Status, t.By, t.At, t.Evidence, t.Reason, t.Note)).ToList(),
                s.Attachments.Count == 0 ? null : s.Attachments.ToList(), s.OverdueNoted);
        }

        public StoredProblem ToStored(string id) => new(
            new Problem(id, Village, Category, Description, Severity, Source, Responsible, Deadline,
                Steps.Select(t => new ProblemTransition(t.Status, t.By, t.At, t.Evidence, t.Reason, t.Note)).ToList()),
            Attachments ?? [], OverdueNoted);
    }

    private sealed record Step(
        [property: JsonPropertyName("s")] ProblemStatus Status,
        [property: JsonPropertyName("b")] string By,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("e")] string? Evidence,
        [property: JsonPropertyName("r")] string? Reason,
        [property: JsonPropertyName("n")] string? Note);
}
