using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Domain.Review;
using Assessment.Storage;
using FluentAssertions;
using Orleans.Runtime;

namespace Assessment.Grains.Tests;

/// <summary>The cycle's workflow as its grains run it: the deadline on the fake clock, compute, decisions, publish.</summary>
public class CycleWorkflowTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private const string Province = "370000000000";
    private const string County = "370322000000";
    private const string Township = "370322102000";
    private static readonly string[] Villages = ["370322102201", "370322102202", "370322102203"];

    [Fact]
    public async Task A_cycle_freezes_when_the_clock_passes_its_closesAt_and_not_a_minute_before()
    {
        var cycle = cluster.Grains.GetGrain<ICycleGrain>("2031");
        var closesAt = cluster.Clock.GetUtcNow().AddHours(1);
        (await cycle.CreateAsync(Settings(closesAt), "prov")).Phase.Should().Be(CyclePhase.Open);

        cluster.Clock.Advance(TimeSpan.FromMinutes(59));
        (await cycle.GetAsync())!.Phase.Should().Be(CyclePhase.Open);
        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        (await cycle.GetAsync())!.Phase.Should().Be(CyclePhase.Frozen);

        var refused = await cycle.Invoking(c => c.FreezeAsync("prov")).Should().ThrowAsync<Refused>();
        refused.Which.Kind.Should().Be(RefusalKind.Conflict);
    }

    [Fact]
    public async Task Compute_decide_and_publish_run_in_the_grains_and_the_county_reports_its_own_counts()
    {
        await new RegionStore(cluster.Tables).UpsertAsync(
        [
            new RegionEntry(Province, "山东省", RegionLevel.Province, null),
            new RegionEntry("370300000000", "淄博市", RegionLevel.City, Province),
            new RegionEntry(County, "高青县", RegionLevel.County, "370300000000"),
            new RegionEntry(Township, "田镇街道", RegionLevel.Township, County),
        ], TestContext.Current.CancellationToken);
        await cluster.Grains.GetGrain<ICountyGrain>(County).SetProfilesAsync(Villages.Select(v => new VillageProfile(v, Township, v[^3..] + "村", null, null)).ToList());
        var cycle = cluster.Grains.GetGrain<ICycleGrain>("2032");
        await cycle.CreateAsync(Settings(null), "prov");
        // Full marks for the first village, nothing for the others.
        var full = IndicatorCatalog.Default.Indicators.ToDictionary(i => i.Code, i => i.Kind == IndicatorKind.Number
            ? new EnteredValue(i.Target, null, null)
            : new EnteredValue(null, i.Kind == IndicatorKind.Boolean, null));
        (await cluster.Grains.GetGrain<IVillageGrain>(Villages[0]).EnterAsync("2032", full, "自查", "county")).Rows.Should().Be(18);

        await cycle.FreezeAsync("prov");
        await cycle.ComputeAsync("prov", null);
        var computed = await UntilAsync(cycle, c => c.Phase == CyclePhase.Computed);
        computed.Counts.Should().Be(new CountyTally(3, 3, 3, 0), "three first ratings, none decided");

        var assessment = await cluster.Grains.GetGrain<IVillageGrain>(Villages[0]).GetAssessmentAsync("2032");
        assessment!.Assessment.Score.Should().Be(100m);
        assessment.Assessment.ProposedTier.Should().Be(Tier.Demonstration);
        assessment.Direction.Should().Be(Direction.Initial);

        // A county worker tells its cycle its counts after one decision; in bulk, the cycle asks the counties and records their answers.
        var worker = cluster.Grains.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key("2032", County));
        var rejected = await worker.Invoking(w => w.DecideAsync(new DecisionOrder(Villages[1], Decision.Reject, null, null, "prov"))).Should().ThrowAsync<Refused>();
        rejected.Which.Kind.Should().Be(RefusalKind.Invalid);
        rejected.Which.Errors.Should().ContainSingle(e => e.Field == "decision");
        await worker.DecideAsync(new DecisionOrder(Villages[1], Decision.Approve, null, null, "prov"));
        (await cycle.GetAsync())!.Counts.Decided.Should().Be(1);
        (await cycle.DecideAllAsync(Decision.Approve, null, MovementFilter.All, "prov")).Should().Be(new BulkOutcome(2, 0, new CountyTally(3, 3, 3, 3)));
        (await cycle.GetAsync())!.Counts.Decided.Should().Be(3);

        (await cycle.PublishAsync("prov")).Work.Should().Be(CycleWork.Publishing);
        await UntilAsync(cycle, c => c.Phase == CyclePhase.Published);
        (await cluster.Grains.GetGrain<IVillageGrain>(Villages[0]).GetAsync())!.Tier.Should().Be(Tier.Demonstration);
        (await cluster.Grains.GetGrain<IVillageGrain>(Villages[2]).GetAsync())!.History.Should().Equal(new TierRecord("2032", Tier.Foundation, 0m));
    }

    [Fact]
    public async Task Counts_reported_at_once_are_all_stored_and_decisions_and_publish_reach_counties_no_longer_in_memory()
    {
        const string province = "410000000000", city = "410100000000";
        var counties = Enumerable.Range(1, 24).Select(i => $"4101{i:D2}000000").ToList();
        var regions = new List<RegionEntry> { new(province, "河南省", RegionLevel.Province, null), new(city, "郑州市", RegionLevel.City, province) };
        foreach (var c in counties)
        {
            regions.Add(new(c, $"{c[4..6]}县", RegionLevel.County, city));
            regions.Add(new(c[..6] + "001000", "城关镇", RegionLevel.Township, c));
        }
        await new RegionStore(cluster.Tables).UpsertAsync(regions, TestContext.Current.CancellationToken);
        await Task.WhenAll(counties.Select(c => cluster.Grains.GetGrain<ICountyGrain>(c)
            .SetProfilesAsync([new VillageProfile(c[..6] + "001201", c[..6] + "001000", "东村", null, null)])));
        var cycle = cluster.Grains.GetGrain<ICycleGrain>("2033");
        await cycle.CreateAsync(Settings(null) with { Province = province }, "prov");
        await cycle.FreezeAsync("prov");
        await cycle.ComputeAsync("prov", null);
        (await UntilAsync(cycle, c => c.Phase == CyclePhase.Computed)).Counts.Should().Be(new CountyTally(24, 24, 24, 0));

        // A decision in half the counties at once: each tells the cycle its counts while the others' are being stored.
        await Task.WhenAll(counties.Take(12).Select(c => cluster.Grains.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key("2033", c))
            .DecideAsync(new DecisionOrder(c[..6] + "001201", Decision.Approve, null, null, "prov"))));
        // Every activation goes; the cycle comes back from its stored row alone.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        (await cycle.GetAsync())!.Counts.Should().Be(new CountyTally(24, 24, 24, 12));

        // The counties' grains come back as the cycle asks them (each asks the cycle for its catalog as it does).
        (await cycle.DecideAllAsync(Decision.Approve, null, MovementFilter.All, "prov")).Should().Be(new BulkOutcome(12, 0, new CountyTally(24, 24, 24, 24)));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        (await cycle.GetAsync())!.Counts.Should().Be(new CountyTally(24, 24, 24, 24));

        // Publishing asks every county, none of them in memory, how many movements it has undecided.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        (await cycle.PublishAsync("prov")).Work.Should().Be(CycleWork.Publishing);
        await UntilAsync(cycle, c => c.Phase == CyclePhase.Published);
    }

    private static CycleSettings Settings(DateTimeOffset? closesAt) => new(closesAt, Thresholds.Default, IndicatorCatalog.Default.Indicators, Province);

    /// <summary>
    /// Compute and publish run in the cycle grain's background: this waits for their outcome (it is
    /// not a stand-in for time passing, which the fake clock controls), for at most 30 s.
    /// </summary>
    private static async Task<CycleView> UntilAsync(ICycleGrain cycle, Func<CycleView, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var view = (await cycle.GetAsync())!;
            if (done(view)) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"cycle {view.Id} is still {view.Phase} ({view.Work})");
            await Task.Yield();
        }
    }
}
