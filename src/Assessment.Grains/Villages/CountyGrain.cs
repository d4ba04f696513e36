using Assessment.Abstractions;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Regions;
using Assessment.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Assessment.Grains.Villages;

/// <summary>
/// A county's villages in memory, read in one partition query when the grain activates: their
/// profiles, and their histories from the county's rows of published tiers. It is the batch writer
/// of its villages (a region file, a publication: one row per county, not one per village); every
/// write goes to storage first, then to memory, then to the village grains holding a slice, and is
/// acknowledged only then: what a reader of a village sees has been stored, and a write acknowledged is
/// what the next read sees.
/// </summary>
public sealed class CountyGrain(VillageStore store, ILocalSiloDetails silo, ILogger<CountyGrain> log) : Grain, ICountyGrain
{
    private string county = "";
    private readonly SortedDictionary<string, VillageProfileRecord> villages = new(StringComparer.Ordinal);
    /// <summary>village → its tier in each published cycle, oldest first.</summary>
    private readonly Dictionary<string, List<TierRecord>> histories = [];
    /// <summary>New at activation, counted up at every change.</summary>
    private CountyVersion version = CountyVersion.New();
    /// <summary>The village grains holding a slice, by village: the activation that asked (one that leaves and comes back asks anew).</summary>
    private readonly Dictionary<string, Guid> readers = new(StringComparer.Ordinal);

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


    public Task<VillageSlice> ReadVillageAsync(string code, Guid reader, CountyVersion seen)
    {
        readers[code] = reader;
        return Task.FromResult(Slice(code, seen == version ? null : View(code)));
    }

    public Task LeaveAsync(string code, Guid reader)
    {
        Forget(code, reader);
        return Task.CompletedTask;
    }

    /// <summary>Only the activation that asked: a village grain that left and came back has asked again as another.</summary>
    private void Forget(string code, Guid reader)
    {
        if (readers.TryGetValue(code, out var registered) && registered == reader) readers.Remove(code);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        // The next activation starts with no readers, so each village grain holding a slice must ask it again.
        // A silo shutting down needs no telling: it is declared dead, and village grains elsewhere ask again then.
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown) return;
        await TellAsync(readers.ToList(), async code =>
        {
            await GrainFactory.Get<IVillageSliceHolder>(code).ForgetAsync();
            return true;
        });
    }

    private VillageSlice Slice(string code, VillageView? view) => new(version, view, silo.SiloAddress);

    /// <summary>A new version, then the village grains holding a slice of <paramref name="changed"/> are given theirs.</summary>
    private Task ChangedAsync(IEnumerable<string> changed)
    {
        version = version.Next();
        var told = changed.Select(code => (Code: code, Found: readers.TryGetValue(code, out var reader), Reader: reader))
            .Where(r => r.Found).Select(r => KeyValuePair.Create(r.Code, r.Reader)).ToList();
        return TellAsync(told, code => GrainFactory.Get<IVillageSliceHolder>(code).ChangedAsync(Slice(code, View(code))));
    }

    /// <summary>
    /// All at once, not bounded as storage fan-outs are: these are calls to grains in memory. A village grain that says
    /// it keeps no slice is forgotten, and so is one that cannot be told: that one finds the change when its slice's
    /// lease ends (<see cref="VillageGrain.SliceLease"/>).
    /// </summary>
    private async Task TellAsync(List<KeyValuePair<string, Guid>> told, Func<string, Task<bool>> tell)
    {
        await Task.WhenAll(told.Select(async r =>
        {
            try
            {
                if (!await tell(r.Key)) Forget(r.Key, r.Value);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Forget(r.Key, r.Value);
                log.VillageNotTold(e, county, r.Key);
            }
        }));
    }

    public async Task SetProfilesAsync(IReadOnlyList<VillageProfile> profiles)
    {
        var changed = profiles
            .Select(p => new VillageProfileRecord(p.Code, p.Township, p.Name, p.Secretary, p.Members))
            .Where(v => !villages.TryGetValue(v.Code, out var had) || had != v)
            .ToList();
        await store.SaveProfilesAsync(county, changed);
        foreach (var v in changed) villages[v.Code] = v;
        if (changed.Count > 0) await ChangedAsync(changed.Select(v => v.Code));
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
        await ChangedAsync(published.Tiers.Select(t => t.Village));
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
