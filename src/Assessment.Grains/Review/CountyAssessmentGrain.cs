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
    private readonly SortedDictionary<string, StoredAssessment> villages = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        (cycle, county) = (key[0], key[1]);
        var rows = await store.CountyAsync(cycle, county, ct);
        run = rows.Count == 0 ? 0 : rows.Max(r => r.Run);
        // Rows of an older run belong to villages no longer in the county: they are not proposals.
        foreach (var r in rows.Where(r => r.Run == run)) villages[r.Assessment.Village] = r;
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
            return new StoredAssessment(VillageAssessment.Assess(s.Code, catalog, entered, s.Previous, order.Thresholds), order.Run, null);
        }).ToList();

        await store.SaveProposalsAsync(cycle, county, rows);
        run = order.Run;
        published = false;
        villages.Clear();
        foreach (var r in rows) villages[r.Assessment.Village] = r;
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

        var decision = new DecisionRecord(order.Decision, final!.Value, order.Decision == Decision.Override ? order.Reason!.Trim() : null, order.User, time.GetUtcNow());
        await store.SaveDecisionsAsync(cycle, county, [(order.Village, decision)]);
        villages[order.Village] = row = row with { Decision = decision };
        return new DecisionOutcome(View(row), Tally(), 200, null);
    }

    public async Task<BulkOutcome> DecideAllAsync(Decision decision, MovementFilter filter, string user)
    {
        if (published) return new BulkOutcome(0, 0, Tally(), $"Cycle {cycle} is published: its decisions never change.");
        var at = time.GetUtcNow();
        var decided = new List<(string Village, DecisionRecord Decision)>();
        var skipped = 0;
        foreach (var row in Matching(filter with { Decided = false }))
        {
            var a = row.Assessment;
            var (final, error) = Movements.Apply(a.PreviousTier, a.ProposedTier, decision, null, null);
            if (error is not null) { skipped++; continue; }
            decided.Add((a.Village, new DecisionRecord(decision, final!.Value, null, user, at)));
        }
        await store.SaveDecisionsAsync(cycle, county, decided);
        foreach (var (village, d) in decided) villages[village] = villages[village] with { Decision = d };
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

    private IEnumerable<StoredAssessment> Matching(MovementFilter filter) => villages.Values.Where(r =>
        DirectionOf(r) is { } d
        && (filter.RegionPrefix is null || r.Assessment.Village.StartsWith(filter.RegionPrefix, StringComparison.Ordinal))
        && (filter.Direction is null || filter.Direction == d)
        && (filter.Decided is null || filter.Decided == (r.Decision is not null)));

    private static Direction? DirectionOf(StoredAssessment r) => Movements.Of(r.Assessment.PreviousTier, r.Assessment.ProposedTier);

    private static MovementView View(StoredAssessment r) =>
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
