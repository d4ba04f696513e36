using System.Globalization;
using System.Text;
using System.Text.Json;
using Assessment.Domain.Competitions;
using Azure.Data.Tables;

namespace Assessment.Storage;

public sealed record StoredCriterion(string Code, string NameZh, string? NameEn, decimal Points);

public sealed record StoredJudge(string Username, string? Region);

public sealed record StoredContestant(string Village, string Name, string Presenter, int Session, int Order);

/// <summary>A closed competition's ranked contestants: what the bonus of the cycle's compute needs.</summary>
public sealed record StoredPlacing(string Village, int Rank);

/// <summary>A competition's definition and phase; <see cref="Placings"/> is set once, when it closes.</summary>
public sealed record StoredCompetition(
    string Id,
    string Name,
    string Cycle,
    string Region,
    CompetitionPhase Phase,
    IReadOnlyList<StoredCriterion> Criteria,
    string TieBreak,
    IReadOnlyList<StoredJudge> Judges,
    IReadOnlyList<StoredContestant> Contestants,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<StoredPlacing>? Placings = null);

/// <summary>One submitted sheet: the values in the order of the competition's criteria.</summary>
public sealed record StoredSheet(string Village, string Judge, DateTimeOffset At, IReadOnlyList<decimal> Values);

/// <summary>
/// Competitions (擂台比武). Every definition is a row of the partition "~competitions" (RowKey = the
/// id), so a competition is one point read and a cycle's competitions one partition query. The
/// sheets are an append-only log in the competition's own partition, one row per write: the sheets
/// that arrived together (a group commit) share a row, packed as text lines
/// "village, judge, unix ms, values in criteria order" — about 50 bytes a sheet, where a row per
/// sheet would add ~380 bytes of Azurite's own. Nothing is ever rewritten; a change is a new sheet.
/// </summary>
public sealed class CompetitionStore(Tables tables)
{
    private const string Definitions = "~competitions";

    public async Task<StoredCompetition?> GetAsync(string id, CancellationToken ct = default)
    {
        var row = await tables.Competitions.GetEntityIfExistsAsync<TableEntity>(Definitions, id, cancellationToken: ct);
        return row.HasValue && row.Value is { } e ? Read(e) : null;
    }

    /// <summary>The competitions of a cycle (all cycles when null), by id.</summary>
    public async Task<List<StoredCompetition>> ListAsync(string? cycle, CancellationToken ct = default)
    {
        var filter = cycle is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Definitions}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Definitions} and Cycle eq {cycle}");
        var list = new List<StoredCompetition>();
        await foreach (var e in tables.Competitions.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct)) list.Add(Read(e));
        return list;
    }

    /// <summary>Adds a new definition; false when the id is taken.</summary>
    public async Task<bool> AddAsync(StoredCompetition c, CancellationToken ct = default)
    {
        try
        {
            await tables.Competitions.AddEntityAsync(Write(c), ct);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public Task SaveAsync(StoredCompetition c, CancellationToken ct = default) =>
        tables.Competitions.UpsertEntityAsync(Write(c), TableUpdateMode.Replace, ct);

    /// <summary>Every sheet, oldest first, and the next write's sequence number.</summary>
    public async Task<(List<StoredSheet> Sheets, int Next)> SheetsAsync(string id, CancellationToken ct = default)
    {
        var sheets = new List<StoredSheet>();
        var next = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id}");
        await foreach (var e in tables.Competitions.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            next = Math.Max(next, int.Parse(e.RowKey, CultureInfo.InvariantCulture) + 1);
            foreach (var line in LongText.Read(e, "Sheets").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var f = line.Split('|');
                sheets.Add(new StoredSheet(f[0], f[1], DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f[2], CultureInfo.InvariantCulture)),
                    f[3].Split(',').Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToList()));
            }
        }
        return (sheets, next);
    }

    /// <summary>Appends one write's sheets as row <paramref name="sequence"/> (added, never replaced).</summary>
    public Task AppendSheetsAsync(string id, int sequence, IReadOnlyList<StoredSheet> sheets, CancellationToken ct = default)
    {
        var text = new StringBuilder();
        foreach (var s in sheets)
        {
            text.Append(s.Village).Append('|').Append(s.Judge).Append('|').Append(s.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('|')
                .AppendJoin(',', s.Values.Select(v => v.ToString(CultureInfo.InvariantCulture))).Append('\n');
        }
        var entity = new TableEntity(id, sequence.ToString("D8", CultureInfo.InvariantCulture));
        LongText.Write(entity, "Sheets", text.ToString());
        return tables.Competitions.AddEntityAsync(entity, ct);
    }

    private sealed record Body(string Name, IReadOnlyList<StoredCriterion> Criteria, string TieBreak, IReadOnlyList<StoredJudge> Judges,
        IReadOnlyList<StoredContestant> Contestants, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<StoredPlacing>? Placings);

    private static TableEntity Write(StoredCompetition c)
    {
        var entity = new TableEntity(Definitions, c.Id) { ["Cycle"] = c.Cycle, ["Region"] = c.Region, ["Phase"] = c.Phase.ToString() };
        LongText.Write(entity, "Body", JsonSerializer.Serialize(
            new Body(c.Name, c.Criteria, c.TieBreak, c.Judges, c.Contestants, c.CreatedBy, c.CreatedAt, c.Placings), StoredJson.Options));
        return entity;
    }

    private static StoredCompetition Read(TableEntity e)
    {
        var b = JsonSerializer.Deserialize<Body>(LongText.Read(e, "Body"), StoredJson.Options)!;
        return new StoredCompetition(e.RowKey, b.Name, e.GetString("Cycle") ?? "", e.GetString("Region") ?? "",
            Enum.Parse<CompetitionPhase>(e.GetString("Phase") ?? nameof(CompetitionPhase.Scheduled)),
            b.Criteria, b.TieBreak, b.Judges, b.Contestants, b.CreatedBy, b.CreatedAt, b.Placings);
    }
}
