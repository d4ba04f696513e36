using Assessment.Abstractions.Cycles;
using Assessment.Abstractions;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Storage;

namespace Assessment.Grains.Villages;

/// <summary>
/// A village organization (村党组织). Its profile, tier and history are loaded from its county
/// grain in one call (never one storage read per village) and kept while the county's version
/// stays the same: a region file or a publication changes the version, and the next question loads
/// the slice again. Each question asks the county grain (in memory) in one call, which answers the
/// new slice only when the version moved; pushing every change to every village would activate the
/// province's 70,000 village grains at each publication.
/// </summary>
public sealed class VillageGrain(LedgerStore ledger) : Grain, IVillageGrain
{
    private string code = "";
    private string county = "";
    private ICountyGrain countyGrain = null!;
    private VillageView? view;
    private Guid version;

    public override Task OnActivateAsync(CancellationToken ct)
    {
        code = this.GetPrimaryKeyString();
        county = DivisionCode.Parse(code).County!.Value.Value;
        countyGrain = GrainFactory.Get<ICountyGrain>(county);
        return Task.CompletedTask;
    }

    public async Task<VillageView?> GetAsync()
    {
        await CurrentAsync();
        LeaveIfUnknown();
        return view;
    }

    public async Task<LedgerPage> GetLedgerAsync(string? cycle, int skip, int take)
    {
        await KnownAsync();
        if (cycle is not null && await GrainFactory.GetGrain<ICycleGrain>(cycle).GetAsync() is null)
            throw Refused.NotFound($"No cycle {cycle} exists, so village {code} has no ledger in it.");
        var lines = await ledger.VillageLinesAsync(county, code, cycle);
        var page = lines.Skip(skip).Take(take)
            .Select(l => new LedgerEntryView(l.Cycle, l.Indicator, IndicatorValue.ParseStored(l.Value),
                l.PreviousValue is null ? null : IndicatorValue.ParseStored(l.PreviousValue), l.User, l.At, l.Note))
            .ToList();
        return new LedgerPage(page, skip + take < lines.Count);
    }

    public async Task<IReadOnlyDictionary<string, IndicatorValue>> GetValuesAsync(string cycle)
    {
        await KnownAsync();
        return await GrainFactory.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county)).GetVillageValuesAsync(code);
    }

    public async Task<ReviewedAssessment?> GetAssessmentAsync(string cycle)
    {
        await KnownAsync();
        return await GrainFactory.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, county)).GetAsync(code);
    }

    public async Task<LedgerWrite> EnterAsync(string cycle, IReadOnlyDictionary<string, EnteredValue> values, string? note, string user)
    {
        await KnownAsync();
        return await GrainFactory.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county)).SubmitAsync(code, values, note, user);
    }

    /// <summary>The slice as the county has it now: loaded again only when the county's version changed.</summary>
    private async Task CurrentAsync()
    {
        var slice = await countyGrain.GetVillageSinceAsync(code, version);
        if (slice.Version == version) return;
        (view, version) = (slice.View, slice.Version);
    }

    private async Task KnownAsync()
    {
        await CurrentAsync();
        LeaveIfUnknown();
        if (view is null) throw Refused.NotFound($"No village {code} is stored: import it with the region file first.");
    }

    /// <summary>A code no region file introduced leaves memory once asked: unknown codes must not pile up.</summary>
    private void LeaveIfUnknown()
    {
        if (view is null) DeactivateOnIdle();
    }
}
