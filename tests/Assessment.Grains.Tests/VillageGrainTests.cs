using Assessment.Abstractions;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using FluentAssertions;
using Orleans.Core.Internal;

namespace Assessment.Grains.Tests;

/// <summary>A village grain holds its own slice, loaded from its county, and its county keeps it current.</summary>
public class VillageGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private const string County = "370322000000";
    private const string Township = "370322102000";

    [Fact]
    public async Task A_village_loads_its_profile_from_its_county_and_sees_each_publication_and_region_file()
    {
        var county = cluster.Grains.GetGrain<ICountyGrain>(County);
        await county.SetProfilesAsync([new VillageProfile("370322102201", Township, "大街村", "王建国", 56), new VillageProfile("370322102202", Township, "小街村", null, null)]);

        var village = cluster.Grains.GetGrain<IVillageGrain>("370322102201");
        var before = await village.GetAsync();
        before.Should().BeEquivalentTo(new VillageView("370322102201", "大街村", County, "王建国", 56, null, []));

        // The village is in memory now; the publication changes its county's version, and it loads its slice again.
        await county.PublishAsync("2024", [new PublishedTier("370322102201", Tier.Excellence, 72.4m), new PublishedTier("370322102202", Tier.Foundation, 51m)]);
        var after = await village.GetAsync();
        after!.Tier.Should().Be(Tier.Excellence);
        after.History.Should().Equal(new TierRecord("2024", Tier.Excellence, 72.4m));

        // A region file that renames it reaches it the same way.
        await county.SetProfilesAsync([new VillageProfile("370322102201", Township, "大街社区", "王建国", 58)]);
        (await village.GetAsync())!.Name.Should().Be("大街社区");
        (await village.GetAsync())!.History.Should().HaveCount(1, "a new profile keeps the history");
    }

    [Fact]
    public async Task A_village_keeping_its_slice_sees_a_change_its_county_made_after_leaving_memory_and_coming_back()
    {
        var county = cluster.Grains.GetGrain<ICountyGrain>("370324000000");
        await county.SetProfilesAsync([new VillageProfile("370324101201", "370324101000", "东庄村", "李明", 40)]);
        var village = cluster.Grains.GetGrain<IVillageGrain>("370324101201");
        (await village.GetAsync())!.Name.Should().Be("东庄村");

        // The county grain's next activation knows nothing of the village grains the last one told of changes.
        await county.Cast<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        await county.SetProfilesAsync([new VillageProfile("370324101201", "370324101000", "东庄社区", "李明", 40)]);
        (await village.GetAsync())!.Name.Should().Be("东庄社区");
    }

    [Fact]
    public async Task A_village_no_region_file_introduced_is_unknown_and_refuses_its_ledger()
    {
        var village = cluster.Grains.GetGrain<IVillageGrain>("370322199299");
        (await village.GetAsync()).Should().BeNull();
        var refused = await village.Invoking(v => v.GetLedgerAsync(null, 0, 10)).Should().ThrowAsync<Refused>();
        refused.Which.Kind.Should().Be(RefusalKind.NotFound);
        refused.Which.Detail.Should().Contain("370322199299");
    }
}
