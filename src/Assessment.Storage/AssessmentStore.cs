using System.Globalization;
using System.Text.Json;
using Assessment.Domain;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;
using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>A village's proposal as stored: what the tier rule took besides its values, and what it proposed.</summary>
/// <param name="Placing">The competition placing whose bonus the score includes (an Excellence village's best); null for most.</param>
public sealed record ProposedVillage(string Village, Tier? Previous, Tier Proposed, decimal Score, CompetitionPlacing? Placing = null);

/// <summary>
/// A county's proposals of one compute run: the run, how many of the county's ledger writes it
/// rated (so its values are derived again exactly), and every village's proposal.
/// </summary>
/// <param name="Holds">Rule 4's input as of the compute, only for the villages that had one: their major problems not yet verified (a later verification changes the next compute, not this one).</param>
public sealed record CountyProposals(int Run, int LedgerWrites, IReadOnlyList<ProposedVillage> Villages,
    IReadOnlyDictionary<string, IReadOnlyList<MajorProblemHold>>? Holds = null);

/// <summary>One village's part of a batch of decisions.</summary>
public sealed record DecidedVillage(string Village, Decision Decision, Tier FinalTier, string? Reason);

/// <summary>Decisions taken together (one, or a bulk decide in one county): on which run's proposals, by whom, when.</summary>
public sealed record DecisionBatch(int Sequence, int Run, string User, DateTimeOffset At, IReadOnlyList<DecidedVillage> Villages);

/// <summary>
/// Proposals and decisions, in the partition "{cycle}|{county}". A county's proposals are one row
/// (RowKey "~proposals"): per village its previous tier, proposed tier and score, packed (~20 bytes a
/// village). The breakdown and the reasons are not stored: they follow again exactly from the
/// ledger's values as of the compute (<see cref="CountyProposals.LedgerWrites"/>), the catalog and the rule.
/// Decisions are an append-only log (RowKey = "~decisions|{sequence}"), one row per batch: a
/// province's bulk approval is one row per county, not a row rewritten per village, and who decided
/// what when is never overwritten.
/// </summary>
public sealed class AssessmentStore(Tables tables)
{
    private const string DecisionsPrefix = "~decisions|";
    private const string ProposalsKey = "~proposals";
    /// <summary>Villages per decision row: keeps a row's JSON well under a property's 64 KiB.</summary>
    public const int DecisionsPerRow = 300;

    private static string Partition(string cycle, string county) => $"{cycle}|{county}";

    public async Task<(CountyProposals? Proposals, List<DecisionBatch> Decisions)> CountyAsync(string cycle, string county, CancellationToken ct = default)
    {
        CountyProposals? proposals = null;
        var decisions = new List<DecisionBatch>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(cycle, county)}");
        await foreach (var e in tables.Assessments.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(DecisionsPrefix, StringComparison.Ordinal))
            {
                decisions.Add(new DecisionBatch(int.Parse(e.RowKey[DecisionsPrefix.Length..]), e.GetInt32("Run") ?? 0, e.GetString("User") ?? "",
                    e.GetDateTimeOffset("At") ?? default, JsonSerializer.Deserialize<List<DecidedVillage>>(e.GetString("Villages")!, StoredJson.Options)!));
            }
            else if (e.RowKey == ProposalsKey)
            {
                proposals = ReadProposals(e);
            }
        }
        return (proposals, decisions.OrderBy(d => d.Sequence).ToList());
    }

    /// <summary>Replaces the county's proposals; decisions on an earlier run no longer apply to them.</summary>
    public Task SaveProposalsAsync(string cycle, string county, CountyProposals proposals, CancellationToken ct = default)
    {
        var v = proposals.Villages;
        var entity = new TableEntity(Partition(cycle, county), ProposalsKey)
        {
            ["Run"] = proposals.Run,
            ["LedgerWrites"] = proposals.LedgerWrites,
            // Two characters a village: previous tier ('0' for none) and proposed tier, as their rank.
            ["Tiers"] = TierDigits.Pack(v.SelectMany(p => new[] { p.Previous, p.Proposed })),
        };
        LongText.Write(entity, "Villages", string.Join(',', v.Select(p => p.Village)));
        LongText.Write(entity, "Scores", string.Join(',', v.Select(p => p.Score.ToString(CultureInfo.InvariantCulture))));
        // Only villages with a competition bonus: "village|competition|rank|contestants;…", so the reason is derived again exactly.
        var placings = string.Join(';', v.Where(p => p.Placing is not null)
            .Select(p => $"{p.Village}|{p.Placing!.Competition}|{p.Placing.Rank.ToString(CultureInfo.InvariantCulture)}|{p.Placing.Contestants.ToString(CultureInfo.InvariantCulture)}"));
        if (placings.Length > 0) LongText.Write(entity, "Placings", placings);
        // "{problem}@{deadline}", comma-separated; the problem's id carries its village. Absent when no village is held.
        if (proposals.Holds is { Count: > 0 } holds)
            LongText.Write(entity, "Holds", string.Join(',', holds.Values.SelectMany(h => h).Select(h => $"{h.Problem}@{h.Deadline10}")));
        return tables.Assessments.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    private static CountyProposals ReadProposals(TableEntity e)
    {
        var villages = LongText.Read(e, "Villages").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var scores = LongText.Read(e, "Scores").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var tiers = e.GetString("Tiers") ?? "";
        var placings = LongText.Read(e, "Placings").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('|'))
            .ToDictionary(f => f[0], f => new CompetitionPlacing(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture)));
        var holds = LongText.Read(e, "Holds").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(h => h.Split('@'))
            .Select(h => new MajorProblemHold(h[0], DateOnly.ParseExact(h[1], "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .GroupBy(h => h.Problem[..12])
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MajorProblemHold>)g.ToList());
        return new CountyProposals(e.GetInt32("Run") ?? 0, e.GetInt32("LedgerWrites") ?? 0, villages
            .Select((code, i) => new ProposedVillage(code, TierDigits.Unpack(tiers[2 * i]), TierDigits.Unpack(tiers[2 * i + 1])!.Value,
                decimal.Parse(scores[i], CultureInfo.InvariantCulture), placings.GetValueOrDefault(code)))
            .ToList(), holds.Count == 0 ? null : holds);
    }

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
