using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Problems;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;
using Assessment.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assessment.Grains.Review;

/// <summary>
/// One county's proposals and decisions in one cycle, in memory, stored in the county's partition
/// of the Assessments table before any answer is given. A proposal keeps the village's values, not
/// its breakdown and reasons: those are derived again on demand by the same rule that made them.
/// </summary>
public sealed class CountyAssessmentGrain(AssessmentStore store, LedgerStore ledgerStore, TierMapStore tierMaps, TimeProvider time, ILogger<CountyAssessmentGrain> log)
    : Grain, ICountyAssessmentGrain
{
    private string cycle = "";
    private string county = "";
    private int run;
    private bool published;
    private int nextDecisionBatch;
    private IndicatorCatalog catalog = IndicatorCatalog.Default;
    private Thresholds thresholds = Thresholds.Default;
    private readonly SortedDictionary<string, Proposal> villages = new(StringComparer.Ordinal);

    /// <summary>A village's proposal, the values it was rated on, and the province's decision on it, if any.</summary>
    /// <param name="Holds">Its major problems not verified as of the compute (rule 4), when it was Foundation and had any.</param>
    private sealed record Proposal(ProposedVillage Village, bool Veto, IReadOnlyDictionary<string, IndicatorValue> Values, DecisionRecord? Decision,
        IReadOnlyList<MajorProblemHold>? Holds = null);

    private static readonly IReadOnlyDictionary<string, IndicatorValue> NoValues = new Dictionary<string, IndicatorValue>();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        (cycle, county) = (key[0], key[1]);
        var (proposals, decisions) = await store.CountyAsync(cycle, county, ct);
        nextDecisionBatch = decisions.Count == 0 ? 0 : decisions[^1].Sequence + 1;
        if (proposals is null) return;

        run = proposals.Run;
        // Peek, not Get: the cycle may be waiting on this county (a bulk decision, publish's count of undecided movements).
        if (await GrainFactory.GetGrain<ICycleGrain>(cycle).PeekAsync() is { } view) (catalog, thresholds) = (new IndicatorCatalog(view.Catalog), view.Thresholds);
        // The values the compute rated: the ledger's writes up to the number it stored, whatever came after a reopen.
        var values = (await ledgerStore.LoadAsync(county, cycle, ct)).CurrentValues(proposals.LedgerWrites);
        var differ = 0;
        foreach (var stored in proposals.Villages)
        {
            var p = Rate(stored.Village, stored.Previous, values.GetValueOrDefault(stored.Village), stored.Placing, proposals.Holds?.GetValueOrDefault(stored.Village));
            if (p.Village != stored) differ++;
            villages[stored.Village] = p with { Village = stored };
        }
        if (differ > 0) log.ProposalsDiffer(cycle, county, differ);
        // Decisions are replayed in the order they were taken; those on an earlier run's proposals were cleared by computing again.
        foreach (var batch in decisions.Where(d => d.Run == run)) Apply(batch);
    }

    public async Task<CountyTally> ComputeAsync(ComputeOrder order)
    {
        var standings = await GrainFactory.GetGrain<ICountyGrain>(county).GetStandingsAsync(cycle);
        // Done already in this run (the cycle asked again after a crash): the stored proposals stand.
        if (run == order.Run && standings.All(s => villages.ContainsKey(s.Code))) return Tally();

        var ledger = GrainFactory.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county));
        var values = await ledger.GetValuesAsync();
        // The cycle is frozen: its ledger is done with until a reopen, and need not stay in memory.
        await ledger.ReleaseAsync();
        (catalog, thresholds) = (new IndicatorCatalog(order.Catalog), order.Thresholds);
        var placings = await PlacingsAsync();
        var holds = await HoldsAsync(standings);
        var rated = standings.Select(s => Rate(s.Code, s.Previous, values.Villages.GetValueOrDefault(s.Code), placings.GetValueOrDefault(s.Code), holds.GetValueOrDefault(s.Code))).ToList();
        AssessmentMetrics.VillagesRated.Add(rated.Count);

        await store.SaveProposalsAsync(cycle, county, new CountyProposals(order.Run, values.Writes, rated.Select(r => r.Village).ToList(), holds));
        run = order.Run;
        published = false;
        villages.Clear();
        foreach (var r in rated) villages[r.Village.Village] = r;
        return Tally();
    }

    public Task<CountyTally> GetTallyAsync() => Task.FromResult(Tally());

    public Task<ReviewedAssessment?> GetAsync(string village) =>
        Task.FromResult(villages.TryGetValue(village, out var r)
            ? new ReviewedAssessment(Assess(r), DirectionOf(r), r.Decision)
            : null);

    public Task<IReadOnlyList<MovementView>> ListAsync(MovementFilter filter, string? after, int limit) =>
        Task.FromResult<IReadOnlyList<MovementView>>(Matching(filter)
            .Where(r => after is null || string.CompareOrdinal(r.Village.Village, after) > 0)
            .Take(limit)
            .Select(View)
            .ToList());

    public async Task<MovementView> DecideAsync(DecisionOrder order)
    {
        if (published) throw Refused.Conflict($"Cycle {cycle} is published: its decisions never change.");
        if (!villages.TryGetValue(order.Village, out var row) || DirectionOf(row) is null)
            throw Refused.NotFound($"Village {order.Village} has no tier movement in cycle {cycle}: its proposal keeps its tier and needs no decision.");
        var a = row.Village;
        var (final, error) = Movements.Apply(a.Previous, a.Proposed, order.Decision, order.Tier, order.Reason);
        if (error is not null) throw Refused.Invalid($"The decision on village {order.Village} was not taken: {error.Message}.", [error]);

        var reason = order.Decision == Decision.Override ? order.Reason!.Trim() : null;
        await RecordAsync(order.User, [new DecidedVillage(order.Village, order.Decision, final!.Value, reason)]);
        return View(villages[order.Village]);
    }

    public async Task<BulkOutcome> DecideAllAsync(Decision decision, MovementFilter filter, string user)
    {
        if (published) throw Refused.Conflict($"Cycle {cycle} is published: its decisions never change.");
        var decided = new List<DecidedVillage>();
        var skipped = 0;
        foreach (var row in Matching(filter with { Decided = false }))
        {
            var a = row.Village;
            var (final, error) = Movements.Apply(a.Previous, a.Proposed, decision, null, null);
            if (error is not null) { skipped++; continue; }
            decided.Add(new DecidedVillage(a.Village, decision, final!.Value, null));
        }
        await RecordAsync(user, decided, reportToCycle: false);
        return new BulkOutcome(decided.Count, skipped, Tally());
    }

    public Task<SimulationTally> SimulateAsync(Thresholds other)
    {
        int up = 0, down = 0, initial = 0, unchanged = 0;
        var tiers = new int[4];
        foreach (var row in villages.Values)
        {
            var a = row.Village;
            var tier = TierRule.Propose(new TierInputs(a.Previous, a.Score, row.Veto ? ["veto"] : [], HeldBy: row.Holds), other);
            tiers[(int)tier]++;
            switch (Movements.Of(a.Previous, tier))
            {
                case Direction.Up: up++; break;
                case Direction.Down: down++; break;
                case Direction.Initial: initial++; break;
                default: unchanged++; break;
            }
        }
        return Task.FromResult(new SimulationTally(up, down, initial, unchanged,
            tiers[(int)Tier.Demonstration], tiers[(int)Tier.Excellence], tiers[(int)Tier.Foundation]));
    }

    public async Task<CountyTally> PublishAsync()
    {
        published = true; // no decision is taken from here on: what is published is what was decided
        var tiers = villages.Values
            .Select(r => new PublishedTier(r.Village.Village, r.Decision?.FinalTier ?? r.Village.Proposed, r.Village.Score))
            .ToList();
        var province = DivisionCode.Parse(county).Ancestor(RegionLevel.Province).Value;
        await GrainFactory.GetGrain<ICountyGrain>(county).PublishAsync(cycle, tiers);
        await tierMaps.SaveAsync(province, TierMap.Of(cycle, county, tiers.Select(t => (t.Village, t.Tier)).ToList()));
        await GrainFactory.GetGrain<ITierReportsGrain>(province).RecordAsync(cycle, county, tiers);
        // A published county is read rarely (an assessment now and then): free its memory for the next cycle.
        DeactivateOnIdle();
        return Tally();
    }

    public Task<IReadOnlyList<NoticeEntry>> NoticeAsync(string? regionPrefix, string? after, int limit) =>
        Task.FromResult<IReadOnlyList<NoticeEntry>>(Matching(MovementFilter.All with { RegionPrefix = regionPrefix })
            .Where(r => after is null || string.CompareOrdinal(r.Village.Village, after) > 0)
            .Take(limit)
            .Select(r => new NoticeEntry(r.Village.Village, r.Village.Previous, r.Decision?.FinalTier ?? r.Village.Proposed, DirectionOf(r)!.Value))
            .ToList());

    public Task<bool> IsListedAsync(string village) =>
        Task.FromResult(villages.TryGetValue(village, out var r) && DirectionOf(r) is not null);

    public async Task<MovementView> UpholdAsync(string village, Tier tier, string reason, string user)
    {
        if (published) throw Refused.Conflict($"Cycle {cycle} is published: its decisions never change.");
        if (!villages.TryGetValue(village, out var row) || DirectionOf(row) is null)
            throw Refused.NotFound($"Village {village} has no tier movement in cycle {cycle}.");
        await RecordAsync(user, [new DecidedVillage(village, Decision.Override, tier, reason)]);
        return View(villages[village]);
    }

    public Task<Assessment.Domain.Targets.TargetActual> FiguresAsync() =>
        Task.FromResult(Assessment.Domain.Targets.TargetActual.Of(villages.Values.Select(r => (r.Village.Previous, r.Decision?.FinalTier ?? r.Village.Proposed))));

    public Task<IReadOnlyList<RatedVillage>> GetDemonstrationAsync() =>
        Task.FromResult<IReadOnlyList<RatedVillage>>(villages.Values
            .Where(r => (r.Decision?.FinalTier ?? r.Village.Proposed) == Tier.Demonstration)
            .Select(r => new RatedVillage(r.Village.Village, r.Village.Score, r.Values))
            .ToList());

    /// <summary>
    /// Appends the decisions to the county's log (stored first), applies them, and tells the cycle the
    /// county's new counts, unless the cycle asked (a bulk decision: it records every county's counts at once).
    /// </summary>
    private async Task RecordAsync(string user, IReadOnlyList<DecidedVillage> decided, bool reportToCycle = true)
    {
        if (decided.Count == 0) return;
        var at = time.GetUtcNow();
        var batches = decided.Chunk(AssessmentStore.DecisionsPerRow).Select(chunk => new DecisionBatch(nextDecisionBatch++, run, user, at, chunk)).ToList();
        await store.AppendDecisionsAsync(cycle, county, batches);
        foreach (var b in batches) Apply(b);
        AssessmentMetrics.Decisions.Add(decided.Count);
        if (reportToCycle) await GrainFactory.GetGrain<ICycleGrain>(cycle).ReportTallyAsync(county, Tally());
    }

    private void Apply(DecisionBatch batch)
    {
        foreach (var d in batch.Villages)
        {
            if (villages.TryGetValue(d.Village, out var p))
                villages[d.Village] = p with { Decision = new DecisionRecord(d.Decision, d.FinalTier, d.Reason, batch.User, batch.At) };
        }
    }

    private IEnumerable<Proposal> Matching(MovementFilter filter) => villages.Values.Where(r =>
        DirectionOf(r) is { } d
        && (filter.RegionPrefix is null || r.Village.Village.StartsWith(filter.RegionPrefix, StringComparison.Ordinal))
        && (filter.Direction is null || filter.Direction == d)
        && (filter.Decided is null || filter.Decided == (r.Decision is not null))
        && (filter.MinScore is null || r.Village.Score >= filter.MinScore)
        && (filter.MaxScore is null || r.Village.Score <= filter.MaxScore));

    private static Direction? DirectionOf(Proposal r) => Movements.Of(r.Village.Previous, r.Village.Proposed);

    private MovementView View(Proposal r) =>
        new(r.Village.Village, r.Village.Previous, r.Village.Proposed, r.Village.Score, Assess(r).Reasons, DirectionOf(r)!.Value, r.Decision);

    /// <summary>
    /// Rule 4's input: the major problems not yet verified of each village that was Foundation (only
    /// they can be held), from the county's problems grain. Stored with the proposals, so that a later
    /// verification lifts a hold at the next compute and never changes this one.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<MajorProblemHold>>> HoldsAsync(IReadOnlyList<VillageStanding> standings)
    {
        var open = await GrainFactory.GetGrain<ICountyProblemsGrain>(county).GetHoldsAsync();
        return standings.Where(s => s.Previous == Tier.Foundation && open.ContainsKey(s.Code)).ToDictionary(s => s.Code, s => open[s.Code]);
    }

    /// <summary>Rates a village on its values (none when it has no entries), its best competition placing (kept only when it gives a bonus) and its major problems still open.</summary>
    private Proposal Rate(string village, Tier? previous, IReadOnlyDictionary<string, IndicatorValue>? values, CompetitionPlacing? placing, IReadOnlyList<MajorProblemHold>? holds = null)
    {
        values ??= NoValues;
        var a = VillageAssessment.Assess(village, catalog, values, previous, thresholds, placing, heldBy: holds);
        return new Proposal(new ProposedVillage(village, previous, a.ProposedTier, a.Score, a.Bonus > 0 ? placing : null), a.Veto, values, null, holds);
    }

    /// <summary>
    /// The competitions' part (擂台比武): each village's best placing in the cycle's closed competitions
    /// held by this county or its city. A closed competition's placings are stored once and never change.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, CompetitionPlacing>> PlacingsAsync()
    {
        var own = DivisionCode.Parse(county);
        var competitions = await ServiceProvider.GetRequiredService<CompetitionStore>().ListAsync(cycle);
        return competitions
            .Where(c => c.Phase == Domain.Competitions.CompetitionPhase.Closed && c.Placings is not null && DivisionCode.Parse(c.Region).Contains(own))
            .SelectMany(c => c.Placings!.Where(p => p.Village.StartsWith(own.Prefix, StringComparison.Ordinal))
                .Select(p => (p.Village, Placing: new CompetitionPlacing(c.Id, p.Rank, c.Placings!.Count))))
            .GroupBy(x => x.Village)
            .ToDictionary(g => g.Key, g => CompetitionPlacing.Best(g.Select(x => x.Placing))!);
    }

    /// <summary>The whole assessment (breakdown, reasons), derived again from the values and the placing it was rated on.</summary>
    private VillageAssessment Assess(Proposal r) =>
        VillageAssessment.Assess(r.Village.Village, catalog, r.Values, r.Village.Previous, thresholds, r.Village.Placing, heldBy: r.Holds);

    private CountyTally Tally()
    {
        int movements = 0, decided = 0;
        foreach (var r in villages.Values)
        {
            if (DirectionOf(r) is null) continue;
            movements++;
            if (r.Decision is not null) decided++;
        }
        return new CountyTally(villages.Count, villages.Count, movements, decided);
    }
}
