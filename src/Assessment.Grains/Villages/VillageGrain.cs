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
/// grain in one call when it activates (never one storage read per village) and kept current by
/// the county, which tells each of its villages when a region file or a publication changes them.
/// </summary>
public sealed class VillageGrain(LedgerStore ledger) : Grain, IVillageGrain
{
    private string code = "";
    private string county = "";
    private VillageView? view;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        code = this.GetPrimaryKeyString();
        county = DivisionCode.Parse(code).County!.Value.Value;
        view = await GrainFactory.GetGrain<ICountyGrain>(county).GetVillageAsync(code);
    }

    public Task<VillageView?> GetAsync()
    {
        LeaveIfUnknown();
        return Task.FromResult(view);
    }

    public Task RefreshAsync(VillageView refreshed)
    {
        view = refreshed;
        return Task.CompletedTask;
    }

    public async Task<LedgerPage> GetLedgerAsync(string? cycle, int skip, int take)
    {
        Known();
        var lines = await ledger.VillageLinesAsync(county, code, cycle);
        var page = lines.Skip(skip).Take(take)
            .Select(l => new LedgerEntryView(l.Cycle, l.Indicator, IndicatorValue.ParseStored(l.Value),
                l.PreviousValue is null ? null : IndicatorValue.ParseStored(l.PreviousValue), l.User, l.At, l.Note))
            .ToList();
        return new LedgerPage(page, skip + take < lines.Count);
    }

    public Task<IReadOnlyDictionary<string, IndicatorValue>> GetValuesAsync(string cycle)
    {
        Known();
        return GrainFactory.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county)).GetVillageValuesAsync(code);
    }

    public Task<ReviewedAssessment?> GetAssessmentAsync(string cycle)
    {
        Known();
        return GrainFactory.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, county)).GetAsync(code);
    }

    public Task<LedgerWrite> EnterAsync(string cycle, IReadOnlyDictionary<string, EnteredValue> values, string? note, string user)
    {
        Known();
        return GrainFactory.GetGrain<ICountyLedgerGrain>(ICountyLedgerGrain.Key(cycle, county)).SubmitAsync(code, values, note, user);
    }

    private void Known()
    {
        LeaveIfUnknown();
        if (view is null) throw Refused.NotFound($"No village {code} is stored: import it with the region file first.");
    }

    /// <summary>A code no region file introduced leaves memory once asked: unknown codes must not pile up.</summary>
    private void LeaveIfUnknown()
    {
        if (view is null) DeactivateOnIdle();
    }
}
