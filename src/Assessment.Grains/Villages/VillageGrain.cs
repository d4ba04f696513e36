using Assessment.Abstractions.Cycles;
using Assessment.Abstractions;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Storage;
using Orleans.Placement;
using Orleans.Runtime;

namespace Assessment.Grains.Villages;

/// <summary>
/// A village organization (村党组织). Its profile, tier and history are loaded from its county
/// grain in one call (never one storage read per village) and kept: the county tells it of every
/// change of its village before acknowledging the change, so a read asks no other grain. Two things
/// end a kept slice early, since the county could no longer tell it: the county's silo declared
/// dead, and the slice's lease (<see cref="SliceLease"/>), which bounds what a lost message could
/// leave stale. Activating every village at each publication instead would keep the province's
/// 70,000 village grains in memory whether read or not.
/// </summary>
// Placed on the silo whose request first asks for it: a read is then answered without a hop between silos, and the
// county call that loads the slice is the only remote one.
[PreferLocalPlacement]
public sealed class VillageGrain(LedgerStore ledger, ISiloStatusOracle silos, TimeProvider time) : Grain, IVillageGrain, IVillageSliceHolder
{
    /// <summary>How long a slice is kept without asking the county whether it is current.</summary>
    public static readonly TimeSpan SliceLease = TimeSpan.FromMinutes(1);

    private string code = "";
    private string county = "";
    private ICountyGrain countyGrain = null!;
    /// <summary>Who this activation is to its county: a village that leaves memory and comes back asks as another.</summary>
    private readonly Guid reader = Guid.NewGuid();
    private VillageSlice? slice;
    private long leaseEnds;
    private bool asking;
    /// <summary>Counts the county's farewells, so that an answer from an activation that left while it came is not kept.</summary>
    private int forgotten;
    private VillageView? view => slice?.View;

    public override Task OnActivateAsync(CancellationToken ct)
    {
        code = this.GetPrimaryKeyString();
        county = DivisionCode.Parse(code).County!.Value.Value;
        countyGrain = GrainFactory.Get<ICountyGrain>(county);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        // One-way. Not while the silo shuts down: a county grain of this silo is leaving too, and one elsewhere finds out
        // when it next tells this village (the activation that news brings leaves at once).
        if (slice is not null && reason.ReasonCode != DeactivationReasonCode.ShuttingDown) countyGrain.LeaveAsync(code, reader).Ignore();
        return Task.CompletedTask;
    }

    public Task<bool> ChangedAsync(VillageSlice changed)
    {
        if (slice is null && !asking)
        {
            // Activated by the news alone (the activation that asked left without saying so, as on a silo's shutdown):
            // nothing kept, nothing to keep current.
            DeactivateOnIdle();
            return Task.FromResult(false);
        }
        if (slice is null || slice.Version.IsReplacedBy(changed.Version)) Keep(changed);
        return Task.FromResult(true);
    }

    public Task ForgetAsync()
    {
        slice = null;
        forgotten++;
        if (!asking) DeactivateOnIdle();
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

    /// <summary>The slice kept, unless it may no longer be current: then the county's, in one call that also signs this grain up for news.</summary>
    private async Task CurrentAsync()
    {
        while (slice is null || time.GetTimestamp() >= leaseEnds || silos.IsDeadSilo(slice.CountySilo))
        {
            var (asked, farewells) = (slice, forgotten);
            VillageSlice answer;
            asking = true;
            try
            {
                answer = await countyGrain.ReadVillageAsync(code, reader, asked?.Version ?? default);
            }
            finally
            {
                asking = false;
            }
            if (forgotten != farewells) continue; // the activation that answered has left memory: ask the next one
            if (asked is not null && answer.Version == asked.Version) answer = asked with { CountySilo = answer.CountySilo };
            // News that came while the question was on its way is the later of the two.
            if (slice is null || slice.Version.IsReplacedBy(answer.Version)) Keep(answer);
            else Keep(slice);
        }
    }

    private void Keep(VillageSlice current)
    {
        slice = current;
        leaseEnds = time.GetTimestamp() + (long)(SliceLease.TotalSeconds * time.TimestampFrequency);
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
