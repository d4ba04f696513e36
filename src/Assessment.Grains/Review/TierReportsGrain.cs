using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Regions;
using Assessment.Domain.Reports;
using Assessment.Storage;

namespace Assessment.Grains.Review;

/// <summary>
/// Published tiers of a whole province in memory: per cycle, village code → tier (70,000 villages
/// × a few cycles is a few megabytes). Rebuilt at activation from the TierMaps rows the counties
/// wrote when they published; a report is a pass over one region's villages, and its answer is kept
/// until a county publishes again (reports are read far more often than cycles are published).
/// </summary>
public sealed class TierReportsGrain(TierMapStore store) : Grain, ITierReportsGrain
{
    private string province = "";
    /// <summary>cycle → county → village → tier.</summary>
    private readonly Dictionary<string, SortedDictionary<string, Dictionary<string, Tier>>> cycles = [];
    /// <summary>Answers given since the last publication, by report and parameters.</summary>
    private readonly Dictionary<string, object> answers = [];

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        province = this.GetPrimaryKeyString();
        foreach (var map in await store.ProvinceAsync(province, ct)) Keep(map);
    }

    public Task RecordAsync(string cycle, string county, IReadOnlyList<PublishedTier> tiers)
    {
        Keep(TierMap.Of(cycle, county, tiers.Select(t => (t.Village, t.Tier)).ToList()));
        return Task.CompletedTask;
    }

    public Task<DistributionCounts> DistributionAsync(string cycle, string region) => Answer($"d|{cycle}|{region}", () => Distribution(cycle, region));

    public Task<MovementCounts> MovementsAsync(string from, string to, string region) => Answer($"m|{from}|{to}|{region}", () => Movements(from, to, region));

    public Task<PlanSummary> SummaryAsync(IReadOnlyList<string> span, string region) => Answer($"s|{string.Join(',', span)}|{region}", () => Summary(span, region));

    public Task<IReadOnlyDictionary<string, Assessment.Domain.Targets.TargetActual>> TargetFiguresAsync(string cycle, string region) =>
        Answer($"t|{cycle}|{region}", () => TargetFigures(cycle, region));

    /// <summary>Per county of the region: its tiers in the cycle, and the moves up from the latest published cycle before it.</summary>
    private IReadOnlyDictionary<string, Assessment.Domain.Targets.TargetActual> TargetFigures(string cycle, string region)
    {
        var code = DivisionCode.Parse(region);
        var previous = cycles.Keys.Where(c => string.CompareOrdinal(c, cycle) < 0).Max(StringComparer.Ordinal);
        var before = previous is null ? [] : Villages(previous, code).ToDictionary(v => v.Village, v => v.Tier);
        var figures = new Dictionary<string, Assessment.Domain.Targets.TargetActual>(StringComparer.Ordinal);
        foreach (var (village, tier) in Villages(cycle, code))
        {
            var county = village[..6] + "000000";
            figures[county] = figures.GetValueOrDefault(county, Assessment.Domain.Targets.TargetActual.Zero)
                .Add(before.TryGetValue(village, out var t) ? t : null, tier);
        }
        return figures;
    }

    private Task<T> Answer<T>(string key, Func<T> compute) where T : notnull
    {
        if (!answers.TryGetValue(key, out var answer)) answers[key] = answer = compute();
        return Task.FromResult((T)answer);
    }

    private DistributionCounts Distribution(string cycle, string region)
    {
        var code = DivisionCode.Parse(region);
        var childLevel = code.Level == RegionLevel.Village ? RegionLevel.Village : code.Level + 1;
        var digits = DivisionCode.PrefixLength(childLevel);
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal); // child prefix → count per tier rank
        foreach (var (village, tier) in Villages(cycle, code))
        {
            var child = village[..digits];
            if (!counts.TryGetValue(child, out var c)) counts[child] = c = new int[4];
            c[(int)tier]++;
        }
        var children = counts.ToDictionary(
            c => c.Key.PadRight(DivisionCode.Length, '0'),
            c => new TierCounts(c.Value[(int)Tier.Demonstration], c.Value[(int)Tier.Excellence], c.Value[(int)Tier.Foundation]));
        var total = children.Values.Aggregate(TierCounts.Zero, (a, b) => a + b);
        return new DistributionCounts(total, children);
    }

    private MovementCounts Movements(string from, string to, string region)
    {
        var code = DivisionCode.Parse(region);
        var later = Villages(to, code).ToDictionary(v => v.Village, v => v.Tier);
        var matrix = MovementMatrix.Of(Villages(from, code)
            .Where(v => later.ContainsKey(v.Village))
            .Select(v => (v.Tier, later[v.Village])));
        var counts = Enum.GetValues<Tier>().Select(f => Enum.GetValues<Tier>().Select(t => matrix[f, t]).ToArray()).ToArray();
        return new MovementCounts(counts, matrix.Up, matrix.Down, matrix.Unchanged);
    }

    private PlanSummary Summary(IReadOnlyList<string> span, string region)
    {
        var code = DivisionCode.Parse(region);
        var byVillage = new Dictionary<string, Tier?[]>();
        for (var i = 0; i < span.Count; i++)
        {
            foreach (var (village, tier) in Villages(span[i], code))
            {
                if (!byVillage.TryGetValue(village, out var tiers)) byVillage[village] = tiers = new Tier?[span.Count];
                tiers[i] = tier;
            }
        }
        return PlanSummary.Of(span.Count, byVillage.Values);
    }

    private void Keep(TierMap map)
    {
        answers.Clear();
        if (!cycles.TryGetValue(map.Cycle, out var counties)) cycles[map.Cycle] = counties = new(StringComparer.Ordinal);
        var tiers = new Dictionary<string, Tier>(map.Villages.Count);
        for (var i = 0; i < map.Villages.Count; i++) tiers[map.Villages[i]] = map.Tiers[i];
        counties[map.County] = tiers;
    }

    /// <summary>The region's villages and their tiers in a cycle: whole counties, or part of one.</summary>
    private IEnumerable<(string Village, Tier Tier)> Villages(string cycle, DivisionCode region)
    {
        if (!cycles.TryGetValue(cycle, out var counties)) yield break;
        var prefix = region.Prefix;
        foreach (var (county, tiers) in counties)
        {
            if (!county.StartsWith(prefix.Length <= 6 ? prefix : prefix[..6], StringComparison.Ordinal)) continue;
            foreach (var (village, tier) in tiers)
            {
                if (prefix.Length <= 6 || village.StartsWith(prefix, StringComparison.Ordinal)) yield return (village, tier);
            }
        }
    }
}
