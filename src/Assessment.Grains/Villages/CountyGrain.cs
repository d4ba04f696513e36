using Assessment.Abstractions.Villages;
using Assessment.Domain.Regions;
using Assessment.Storage;

namespace Assessment.Grains.Villages;

/// <summary>
/// A county's villages in memory, read in one partition query when the grain activates. Every
/// write goes to storage first (entity-group transactions) and to memory after, so what a reader
/// sees has been stored.
/// </summary>
public sealed class CountyGrain(VillageStore store) : Grain, ICountyGrain
{
    private string county = "";
    private readonly SortedDictionary<string, VillageRecord> villages = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        county = DivisionCode.Parse(this.GetPrimaryKeyString()).Value;
        foreach (var v in await store.CountyAsync(county, ct)) villages[v.Code] = v;
    }

    public Task<VillageView?> GetVillageAsync(string code) =>
        Task.FromResult(villages.TryGetValue(code, out var v)
            ? new VillageView(v.Code, v.Name, county, v.Secretary, v.Members, v.History.Count > 0 ? v.History[^1].Tier : null, v.History)
            : null);

    public async Task SetProfilesAsync(IReadOnlyList<VillageProfile> profiles)
    {
        var changed = profiles
            .Select(p => villages.TryGetValue(p.Code, out var had)
                ? had with { Township = p.Township, Name = p.Name, Secretary = p.Secretary, Members = p.Members }
                : new VillageRecord(p.Code, p.Township, p.Name, p.Secretary, p.Members, []))
            .Where(v => !villages.TryGetValue(v.Code, out var had) || !SameProfile(had, v))
            .ToList();
        await store.SaveProfilesAsync(county, changed);
        foreach (var v in changed) villages[v.Code] = v;
    }

    public Task<IReadOnlyList<VillageStanding>> GetStandingsAsync(string cycle) =>
        Task.FromResult<IReadOnlyList<VillageStanding>>(villages.Values
            .Select(v => new VillageStanding(v.Code, v.Township, v.History.LastOrDefault(h => string.CompareOrdinal(h.Cycle, cycle) < 0)?.Tier))
            .ToList());

    public async Task PublishAsync(string cycle, IReadOnlyList<PublishedTier> tiers)
    {
        var changed = tiers
            .Where(t => villages.ContainsKey(t.Village))
            .Select(t =>
            {
                var v = villages[t.Village];
                var history = v.History.Where(h => h.Cycle != cycle).Append(new TierRecord(cycle, t.Tier, t.Score))
                    .OrderBy(h => h.Cycle, StringComparer.Ordinal).ToList();
                return v with { History = history };
            })
            .ToList();
        await store.SaveHistoriesAsync(county, changed);
        foreach (var v in changed) villages[v.Code] = v;
    }

    private static bool SameProfile(VillageRecord a, VillageRecord b) =>
        (a.Township, a.Name, a.Secretary, a.Members) == (b.Township, b.Name, b.Secretary, b.Members);
}
