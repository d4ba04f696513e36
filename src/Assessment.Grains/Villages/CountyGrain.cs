using Assessment.Abstractions.Villages;
using Assessment.Domain.Regions;
using Assessment.Storage;

namespace Assessment.Grains.Villages;

/// <summary>
/// A county's villages in memory, read in one partition query when the grain activates: their
/// profiles, and their histories from the county's rows of published tiers. It is the batch writer
/// of its villages (a region file, a publication: one row per county, not one per village); every
/// write goes to storage first, then to memory, then changes the version its village grains check,
/// so what a reader of a village sees has been stored.
/// </summary>
public sealed class CountyGrain(VillageStore store) : Grain, ICountyGrain
{
    private string county = "";
    private readonly SortedDictionary<string, VillageProfileRecord> villages = new(StringComparer.Ordinal);
    /// <summary>village → its tier in each published cycle, oldest first.</summary>
    private readonly Dictionary<string, List<TierRecord>> histories = [];
    /// <summary>New at activation and at every change, so a village never keeps a slice of an earlier state.</summary>
    private Guid version = Guid.NewGuid();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        county = DivisionCode.Parse(this.GetPrimaryKeyString()).Value;
        var (profiles, published) = await store.CountyAsync(county, ct);
        foreach (var v in profiles) villages[v.Code] = v;
        foreach (var cycle in published.OrderBy(p => p.Cycle, StringComparer.Ordinal)) Apply(cycle);
    }

    public Task<VillageView?> GetVillageAsync(string code) => Task.FromResult(View(code));

    private VillageView? View(string code)
    {
        if (!villages.TryGetValue(code, out var v)) return null;
        var history = History(code);
        return new VillageView(v.Code, v.Name, county, v.Secretary, v.Members, history.Count > 0 ? history[^1].Tier : null, history.ToList());
    }


    public Task<VillageSlice> GetVillageSinceAsync(string code, Guid seen) =>
        Task.FromResult(new VillageSlice(version, seen == version ? null : View(code)));

    public async Task SetProfilesAsync(IReadOnlyList<VillageProfile> profiles)
    {
        var changed = profiles
            .Select(p => new VillageProfileRecord(p.Code, p.Township, p.Name, p.Secretary, p.Members))
            .Where(v => !villages.TryGetValue(v.Code, out var had) || had != v)
            .ToList();
        await store.SaveProfilesAsync(county, changed);
        foreach (var v in changed) villages[v.Code] = v;
        if (changed.Count > 0) version = Guid.NewGuid();
    }

    public Task<IReadOnlyList<VillageStanding>> GetStandingsAsync(string cycle) =>
        Task.FromResult<IReadOnlyList<VillageStanding>>(villages.Values
            .Select(v => new VillageStanding(v.Code, v.Township, History(v.Code).LastOrDefault(h => string.CompareOrdinal(h.Cycle, cycle) < 0)?.Tier))
            .ToList());

    public async Task PublishAsync(string cycle, IReadOnlyList<PublishedTier> tiers)
    {
        var published = new CountyTiers(cycle, tiers.Where(t => villages.ContainsKey(t.Village)).Select(t => new StoredTier(t.Village, t.Tier, t.Score)).ToList());
        await store.SaveTiersAsync(county, published);
        Apply(published);
        version = Guid.NewGuid();
    }

    /// <summary>Adds (or, published again, replaces) a cycle in each of its villages' histories.</summary>
    private void Apply(CountyTiers published)
    {
        foreach (var t in published.Tiers)
        {
            if (!histories.TryGetValue(t.Village, out var history)) histories[t.Village] = history = [];
            history.RemoveAll(h => h.Cycle == published.Cycle);
            history.Add(new TierRecord(published.Cycle, t.Tier, t.Score));
            history.Sort((a, b) => string.CompareOrdinal(a.Cycle, b.Cycle));
        }
    }

    private IReadOnlyList<TierRecord> History(string village) => histories.TryGetValue(village, out var h) ? h : [];
}
