using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Notice;
using Assessment.Abstractions.Review;
using Assessment.Domain.Cycles;
using Assessment.Domain.Notice;
using Assessment.Storage;

namespace Assessment.Grains.Notice;

/// <summary>
/// One county's objections (异议) in one cycle's public notice: the single writer of its rows in the
/// Objections table, with every objection in memory and the duplicate keys beside them. Nothing is
/// answered before its row is stored.
/// </summary>
public sealed class CountyObjectionsGrain(ObjectionStore store, TimeProvider time) : Grain, ICountyObjectionsGrain
{
    private string cycle = "";
    private string county = "";
    /// <summary>number → objection, in the order they were lodged.</summary>
    private readonly SortedDictionary<int, Objection> objections = [];
    /// <summary>duplicate key (<see cref="Objection.KeyOf"/>) → id of the first objection with it.</summary>
    private readonly Dictionary<string, string> byKey = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        (cycle, county) = (key[0], key[1]);
        foreach (var (number, o) in await store.CountyAsync(cycle, county, IdOf, ct))
        {
            objections[number] = o;
            byKey.TryAdd(o.Key, o.Id);
        }
    }

    public async Task<Lodged> LodgeAsync(ObjectionInput input, DateTimeOffset noticeFrom, DateTimeOffset noticeUntil)
    {
        var now = time.GetUtcNow();
        if (PublicNotice.WhyNotObject(CyclePhase.Notice, new NoticeWindow(noticeFrom, noticeUntil), now) is { } why)
            throw Refused.Conflict($"Cycle {cycle}: {why}.");
        var village = input.Village?.Trim() ?? "";
        if (input.Text is { } text && village.Length > 0 && byKey.TryGetValue(Objection.KeyOf(village, text), out var first))
            return new Lodged(first, false);

        var listed = village.Length > 0 && await Assessments().IsListedAsync(village);
        var number = objections.Count == 0 ? 1 : objections.Keys.Max() + 1;
        var change = Objection.Lodge(IdOf(number), input, _ => listed, now);
        if (!change.Ok) throw Refused.Invalid("The objection was not taken.", change.Errors);
        var objection = change.Objection!;
        await store.AddAsync(cycle, county, number, objection);
        objections[number] = objection;
        byKey[objection.Key] = objection.Id;
        await ReportAsync();
        return new Lodged(objection.Id, true);
    }

    public Task<IReadOnlyList<ObjectionView>> ListAsync(string? regionPrefix, ObjectionStatus? status, string? after, int limit)
    {
        var afterNumber = after is not null && ICountyObjectionsGrain.TryParseId(after, out _, out var c, out var n) && c == county ? n : 0;
        return Task.FromResult<IReadOnlyList<ObjectionView>>(objections
            .Where(o => o.Key > afterNumber
                && (regionPrefix is null || o.Value.Village.StartsWith(regionPrefix, StringComparison.Ordinal))
                && (status is null || o.Value.Status == status))
            .Take(limit)
            .Select(o => ObjectionView.From(o.Value))
            .ToList());
    }

    public async Task<ObjectionView> ResolveAsync(string id, ResolutionInput input, string user, CyclePhase phase)
    {
        if (!ICountyObjectionsGrain.TryParseId(id, out _, out _, out var number) || !objections.TryGetValue(number, out var objection))
            throw Refused.NotFound($"No objection {id} exists.");
        var change = objection.Resolve(input, phase, user, time.GetUtcNow());
        if (change.Conflict is { } conflict) throw Refused.Conflict($"Objection {id} was not resolved: {conflict}.");
        if (!change.Ok) throw Refused.Invalid($"Objection {id} was not resolved.", change.Errors);
        var resolved = change.Objection!;
        // The village's decision changes first: a crash before the objection's row is stored leaves it
        // open, and resolving it again sets the same tier again.
        if (resolved.Resolution!.AsDecision() is { } decision)
            await Assessments().UpholdAsync(resolved.Village, decision.FinalTier, decision.Reason!, user);
        await store.ResolveAsync(cycle, county, number, resolved.Resolution);
        objections[number] = resolved;
        await ReportAsync();
        return ObjectionView.From(resolved);
    }

    public Task<ObjectionTally> GetTallyAsync() => Task.FromResult(Tally());

    private ObjectionTally Tally() => new(objections.Count, objections.Values.Count(o => o.Status == ObjectionStatus.Open));

    private Task ReportAsync() => GrainFactory.GetGrain<ICycleGrain>(cycle).ReportObjectionsAsync(county, Tally());

    private ICountyAssessmentGrain Assessments() => GrainFactory.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, county));

    private string IdOf(int number) => ICountyObjectionsGrain.IdOf(cycle, county, number);
}
