using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;
using Assessment.Storage;

namespace Assessment.Grains.Review;

/// <summary>
/// One county's proposals and decisions in one cycle, in memory, stored in the county's partition
/// of the Assessments table before any answer is given.
/// </summary>
public sealed class CountyAssessmentGrain(AssessmentStore store, TierMapStore tierMaps, TimeProvider time) : Grain, ICountyAssessmentGrain
{
    private string cycle = "";
    private string county = "";
    private int run;
    private bool published;
    private int nextDecisionBatch;
    private readonly SortedDictionary<string, Proposal> villages = new(StringComparer.Ordinal);

    /// <summary>A village's proposal and the province's decision on it, if any.</summary>
    private sealed record Proposal(VillageAssessment Assessment, DecisionRecord? Decision);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        (cycle, county) = (key[0], key[1]);
        var (proposals, decisions) = await store.CountyAsync(cycle, county, ct);
        run = proposals.Count == 0 ? 0 : proposals.Max(r => r.Run);
        // Rows of an older run belong to villages no longer in the county: they are not proposals.
        foreach (var r in proposals.Where(r => r.Run == run)) villages[r.Assessment.Village] = new Proposal(r.Assessment, null);
        nextDecisionBatch = decisions.Count == 0 ? 0 : decisions[^1].Sequence + 1;
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
        var catalog = new IndicatorCatalog(order.Catalog);
        var rows = standings.Select(s =>
        {
            var entered = values.TryGetValue(s.Code, out var v)
                ? v.ToDictionary(e => e.Key, e => IndicatorValue.ParseStored(e.Value))
                : [];
            // Problems (major, open) and competitions (bonus) join here once they exist; until then a village has none.
            return new StoredProposal(VillageAssessment.Assess(s.Code, catalog, entered, s.Previous, order.Thresholds), order.Run);
        }).ToList();

        await store.SaveProposalsAsync(cycle, county, rows);
        run = order.Run;
        published = false;
        villages.Clear();
        foreach (var r in rows) villages[r.Assessment.Village] = new Proposal(r.Assessment, null);
        return Tally();
    }

    public Task<CountyTally> GetTallyAsync() => Task.FromResult(Tally());

    public Task<ReviewedAssessment?> GetAsync(string village) =>
        Task.FromResult(villages.TryGetValue(village, out var r)
            ? new ReviewedAssessment(r.Assessment, DirectionOf(r), r.Decision)
            : null);

    public Task<IReadOnlyList<MovementView>> ListAsync(MovementFilter filter, string? after, int limit) =>
        Task.FromResult<IReadOnlyList<MovementView>>(Matching(filter)
            .Where(r => after is null || string.CompareOrdinal(r.Assessment.Village, after) > 0)
            .Take(limit)
            .Select(View)
            .ToList());

    public async Task<DecisionOutcome> DecideAsync(DecisionOrder order)
    {
        if (published) return new DecisionOutcome(null, Tally(), 409, $"Cycle {cycle} is published: its decisions never change.");
        if (!villages.TryGetValue(order.Village, out var row) || DirectionOf(row) is null)
            return new DecisionOutcome(null, Tally(), 404, $"Village {order.Village} has no tier movement in cycle {cycle}: its proposal keeps its tier and needs no decision.");
        var a = row.Assessment;
        var (final, error) = Movements.Apply(a.PreviousTier, a.ProposedTier, order.Decision, order.Tier, order.Reason);
        if (error is not null) return new DecisionOutcome(null, Tally(), 422, error);

        var reason = order.Decision == Decision.Override ? order.Reason!.Trim() : null;
        await RecordAsync(order.User, [new DecidedVillage(order.Village, order.Decision, final!.Value, reason)]);
        return new DecisionOutcome(View(villages[order.Village]), Tally(), 200, null);
    }

    public async Task<BulkOutcome> DecideAllAsync(Decision decision, MovementFilter filter, string user)
    {
        if (published) return new BulkOutcome(0, 0, Tally(), $"Cycle {cycle} is published: its decisions never change.");
        var decided = new List<DecidedVillage>();
        var skipped = 0;
        foreach (var row in Matching(filter with { Decided = false }))
        {
            var a = row.Assessment;
            var (final, error) = Movements.Apply(a.PreviousTier, a.ProposedTier, decision, null, null);
            if (error is not null) { skipped++; continue; }
            decided.Add(new DecidedVillage(a.Village, decision, final!.Value, null));
        }
        await RecordAsync(user, decided);
        return new BulkOutcome(decided.Count, skipped, Tally(), null);
    }

    public Task<SimulationTally> SimulateAsync(Thresholds thresholds)
    {
        int up = 0, down = 0, initial = 0, unchanged = 0;
        var tiers = new int[4];
        foreach (var row in villages.Values)
        {
            var a = row.Assessment;
            var tier = TierRule.Propose(a.Inputs, thresholds);
            tiers[(int)tier]++;
            switch (Movements.Of(a.PreviousTier, tier))
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
            .Select(r => new PublishedTier(r.Assessment.Village, r.Decision?.FinalTier ?? r.Assessment.ProposedTier, r.Assessment.Score))
            .ToList();
        var province = county[..2] + "0000000000";
        await GrainFactory.GetGrain<ICountyGrain>(county).PublishAsync(cycle, tiers);
        await tierMaps.SaveAsync(province, TierMap.Of(cycle, county, tiers));
        await GrainFactory.GetGrain<ITierReportsGrain>(province).RecordAsync(cycle, county, tiers);
        // A published county is read rarely (an assessment now and then): free its memory for the next cycle.
        DeactivateOnIdle();
        return Tally();
    }

    /// <summary>Appends the decisions to the county's log (stored first), then applies them.</summary>
    private async Task RecordAsync(string user, IReadOnlyList<DecidedVillage> decided)
    {
        if (decided.Count == 0) return;
        var at = time.GetUtcNow();
        var batches = decided.Chunk(AssessmentStore.DecisionsPerRow).Select(chunk => new DecisionBatch(nextDecisionBatch++, run, user, at, chunk)).ToList();
        await store.AppendDecisionsAsync(cycle, county, batches);
        foreach (var b in batches) Apply(b);
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
        && (filter.RegionPrefix is null || r.Assessment.Village.StartsWith(filter.RegionPrefix, StringComparison.Ordinal))
        && (filter.Direction is null || filter.Direction == d)
        && (filter.Decided is null || filter.Decided == (r.Decision is not null)));

    private static Direction? DirectionOf(Proposal r) => Movements.Of(r.Assessment.PreviousTier, r.Assessment.ProposedTier);

    private static MovementView View(Proposal r) =>
        new(r.Assessment.Village, r.Assessment.PreviousTier, r.Assessment.ProposedTier, r.Assessment.Score, r.Assessment.Reasons, DirectionOf(r)!.Value, r.Decision);

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
