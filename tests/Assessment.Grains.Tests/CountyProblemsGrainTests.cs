using Assessment.Abstractions;
using Assessment.Abstractions.Problems;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Problems;
using Assessment.Domain.Scoring;
using FluentAssertions;

namespace Assessment.Grains.Tests;

/// <summary>A county's problems grain on the test cluster's fake clock: numbering, holds, and the daily overdue record.</summary>
public class CountyProblemsGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private const string County = "370323000000";
    private const string Village = "370323101201";

    [Fact]
    public async Task Problems_are_numbered_per_village_hold_until_verified_and_are_noted_overdue_once()
    {
        await cluster.Grains.GetGrain<ICountyGrain>(County).SetProfilesAsync([new VillageProfile(Village, "370323101000", "城关村", null, null)]);
        var problems = cluster.Grains.GetGrain<ICountyProblemsGrain>(County);
        var today = DateOnly.FromDateTime(cluster.Clock.GetUtcNow().AddHours(8).Date); // the fake clock's date in Shanghai
        var fields = new ProblemFields("软弱涣散", "班子不团结", "major", "hotline", "孙丽", today.ToString("yyyy-MM-dd"));

        var first = await problems.RecordAsync(Village, fields, "county");
        var second = await problems.RecordAsync(Village, fields with { Severity = "minor" }, "county");
        (first.Id, second.Id).Should().Be(($"{Village}-1", $"{Village}-2"));
        var refused = await FluentActions.Awaiting(() => problems.RecordAsync("370323101299", fields, "county")).Should().ThrowAsync<Refused>();
        refused.Which.Kind.Should().Be(RefusalKind.NotFound);

        (await problems.GetHoldsAsync()).Should().BeEquivalentTo(new Dictionary<string, IReadOnlyList<MajorProblemHold>>
        {
            [Village] = [new MajorProblemHold(first.Id, today)],
        });

        (await problems.NoteOverdueAsync()).Should().Be(0, "the deadline day is not over");
        // A day on, both are overdue: noted by this call, or already by the daily reminder that the fake clock fired.
        cluster.Clock.Advance(TimeSpan.FromDays(1));
        await problems.NoteOverdueAsync();
        (await problems.GetAsync(first.Id))!.OverdueNoted.Should().Be(today.AddDays(1));
        (await problems.GetAsync(second.Id))!.OverdueNoted.Should().Be(today.AddDays(1));
        (await problems.NoteOverdueAsync()).Should().Be(0, "a problem is noted once");

        await problems.MoveAsync(first.Id, ProblemStep.Rectify, "已整改", "county");
        (await problems.GetHoldsAsync()).Should().ContainKey(Village, "rectified is not verified");
        var verified = await problems.MoveAsync(first.Id, ProblemStep.Verify, null, "county");
        verified.Status.Should().Be(ProblemStatus.Verified);
        (await problems.GetHoldsAsync()).Should().BeEmpty();
    }
}
