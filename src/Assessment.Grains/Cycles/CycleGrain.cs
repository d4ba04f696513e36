using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Notice;
using Assessment.Abstractions.Review;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Notice;
using Assessment.Domain.Review;
using Assessment.Domain.Regions;
using Assessment.Domain.Targets;
using Assessment.Storage;
using Microsoft.Extensions.Logging;

namespace Assessment.Grains.Cycles;

/// <summary>
/// One assessment cycle: its state and the requests on it. Each request asks the phase machine
/// (<see cref="CycleSteps"/>) whether it may, changes the state, and stores it before answering.
/// The long work runs in <see cref="CycleWorker"/>; the deadline and work reminders are in CycleGrain.Reminders.cs.
/// </summary>
public sealed partial class CycleGrain(
    [PersistentState("cycle", StorageNames.Cycles)] IPersistentState<CycleState> state,
    RegionStore regions,
    FanOut fanOut,
    TimeProvider time,
    ILogger<CycleGrain> log) : Grain, ICycleGrain
{
    private readonly CycleStateWriter store = new(state, time);
    private CycleWorker? worker;

    private CycleState S => store.State;
    private string Id => this.GetPrimaryKeyString();
    private CycleWorker Worker => worker ??= new(Id, store, GrainFactory, fanOut, time, log, FinishWorkAsync);

    public override Task OnActivateAsync(CancellationToken ct)
    {
        // Work interrupted by a crash goes on wherever the cycle is activated next.
        Worker.EnsureRunning();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        worker?.Stop();
        return Task.CompletedTask;
    }

    public async Task<CycleView?> GetAsync()
    {
        if (!S.Created) return null;
        await FreezeIfDueAsync();
        Worker.EnsureRunning();
        return View();
    }

    public Task<CycleView?> PeekAsync() => Task.FromResult(S.Created ? View() : null);

    public async Task<CycleView> CreateAsync(CycleSettings settings, string user)
    {
        if (S.Created) throw Refused.Conflict($"Cycle {Id} already exists.");
        S.Created = true;
        S.Phase = CyclePhase.Open;
        S.ClosesAt = settings.ClosesAt;
        S.Thresholds = settings.Thresholds;
        S.Catalog = settings.Catalog.ToList();
        S.Province = settings.Province;
        S.NoticeDays = settings.NoticeDays;
        S.Changes.Add(new PhaseChange(CyclePhase.Open, user, time.GetUtcNow()));
        await store.SaveAsync();
        if (S.ClosesAt is not null) await ArmCloseAsync();
        await FreezeIfDueAsync();
        return View();
    }

    public async Task<CycleView> FreezeAsync(string user)
    {
        await FreezeIfDueAsync();
        if (CycleSteps.WhyNotFreeze(Id, S.Phase) is { } why) throw Refused.Conflict(why);
        await MoveAsync(CyclePhase.Frozen, user);
        return View();
    }

    public async Task<CycleView> ReopenAsync(string user)
    {
        await FreezeIfDueAsync();
        if (CycleSteps.WhyNotReopen(Id, S.Phase, S.Work) is { } why) throw Refused.Conflict(why);
        S.ClosesAt = CycleSteps.ClosesAtOnReopen(S.ClosesAt, time.GetUtcNow());
        // A compute still running is abandoned: its run number is passed, so its late answers are ignored.
        if (S.Work == CycleWork.Computing) (S.Work, S.Pending, S.Run) = (CycleWork.None, [], S.Run + 1);
        await MoveAsync(CyclePhase.Open, user);
        return View();
    }

    public async Task<CycleView> ComputeAsync(string user, string? province)
    {
        await FreezeIfDueAsync();
        if (CycleSteps.IsComputing(S.Work)) return View(); // already under way: asking again changes nothing
        if (CycleSteps.WhyNotCompute(Id, S.Phase, S.Work) is { } why) throw Refused.Conflict(why);

        if (S.Province == "" && province is not null) S.Province = province;
        if (S.Province == "")
            throw Refused.Conflict($"Cycle {Id} does not say which province it rates, and several are stored: a province user of that province computes it.");
        var counties = (await regions.DescendantsAsync(DivisionCode.Parse(S.Province), RegionLevel.County, fresh: true))
            .Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        S.Run++;
        S.Phase = CycleSteps.PhaseWhileComputing;
        S.Work = CycleWork.Computing;
        S.WorkUser = user;
        S.Counties = counties;
        S.Pending = [.. counties];
        S.Tallies = [];
        await store.SaveAsync();
        await ArmWorkAsync();
        log.WorkStarted(Id, user, "compute", counties.Count);
        Worker.EnsureRunning();
        return View();
    }

    public async Task<CycleView> PublishAsync(string user)
    {
        if (CycleSteps.IsPublishingOrPublished(S.Phase, S.Work)) return View();
        if (S.Phase == CyclePhase.Notice && S.Work == CycleWork.None)
        {
            // Counts reported after each objection may have been lost with a request: ask every county afresh.
            await Worker.ForEachCountyAsync(async c => S.Objections[c] = await Objections(c).GetTallyAsync());
        }
        var open = S.Objections.Values.Sum(t => t.Open);
        if (CycleSteps.WhyNotPublish(Id, S.Phase, S.Work, S.NoticeDays, Window(), open, time.GetUtcNow()) is { } why)
            throw Refused.Conflict(why);
        await RefuseUndecidedAsync("be published");

        S.Work = CycleWork.Publishing;
        S.WorkUser = user;
        S.Pending = [.. S.Counties];
        await store.SaveAsync();
        await ArmWorkAsync();
        log.WorkStarted(Id, user, "publish", S.Counties.Count);
        Worker.EnsureRunning();
        return View();
    }

    public async Task<CycleView> StartNoticeAsync(string user)
    {
        if (CycleSteps.WhyNotStartNotice(Id, S.Phase, S.Work, S.NoticeDays) is { } why) throw Refused.Conflict(why);
        await RefuseUndecidedAsync("go on public notice (公示)");
        var window = PublicNotice.Start(S.NoticeDays, time.GetUtcNow());
        (S.NoticeFrom, S.NoticeUntil) = (window.From, window.Until);
        await MoveAsync(CyclePhase.Notice, user);
        return View();
    }

    public async Task<CycleView> WithdrawNoticeAsync(string user)
    {
        if (CycleSteps.WhyNotWithdrawNotice(Id, S.Phase, S.Work) is { } why) throw Refused.Conflict(why);
        // Starting again runs the full noticeDays again: the old window is gone.
        (S.NoticeFrom, S.NoticeUntil) = (null, null);
        await MoveAsync(CyclePhase.Computed, user);
        return View();
    }

    public async Task ReportObjectionsAsync(string county, ObjectionTally tally)
    {
        if (S.Objections.GetValueOrDefault(county) == tally) return;
        S.Objections[county] = tally;
        await store.SaveAsync();
    }

    public async Task SetTargetAsync(string region, Target target, string user)
    {
        if (!S.Created) throw Refused.NotFound($"No cycle {Id} exists.");
        if (CycleSteps.WhyNotSetTarget(Id, S.Phase, S.Work) is { } why) throw Refused.Conflict(why);
        S.Targets[region] = target;
        await store.SaveAsync();
    }

    public Task<IReadOnlyDictionary<string, Target>> GetTargetsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, Target>>(new Dictionary<string, Target>(S.Targets));

    public async Task<BulkOutcome> DecideAllAsync(Decision decision, string? region, MovementFilter filter, string user)
    {
        var counts = Counts();
        if (CycleSteps.WhyNotDecide(Id, S.Phase, S.Work, counts.Computed, counts.Villages) is { } why) throw Refused.Conflict(why);
        var within = DivisionCode.Parse(region ?? S.Province);
        filter = filter with { RegionPrefix = within.Level > RegionLevel.County ? within.Prefix : null, Decided = false };
        var counties = S.Counties.Where(c => within.Overlaps(DivisionCode.Parse(c))).ToList();
        // Each county answers with its counts; they are stored once, after all of them, not once per county.
        var outcomes = await fanOut.EachAsync(counties, async c =>
        {
            var outcome = await County(c).DecideAllAsync(decision, filter, user);
            S.Tallies[c] = outcome.Tally;
            return outcome;
        });
        await store.SaveAsync();
        return outcomes.Aggregate(BulkOutcome.Zero, (a, b) => a + b);
    }

    public async Task ReportTallyAsync(string county, CountyTally tally)
    {
        if (!CycleSteps.TakesDecisionCounts(S.Phase, S.Work) || !S.Tallies.ContainsKey(county)) return;
        S.Tallies[county] = tally;
        await store.SaveAsync();
    }

    /// <summary>
    /// Refuses (409) while any movement is undecided, listing up to 100 of them; asks every county
    /// afresh, since counts reported after decisions may have been lost with a request.
    /// </summary>
    private async Task RefuseUndecidedAsync(string step)
    {
        await Worker.ForEachCountyAsync(async c => S.Tallies[c] = await County(c).GetTallyAsync());
        var undecided = S.Tallies.Where(t => t.Value.Undecided > 0).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        if (undecided.Count == 0) return;
        var listed = new List<MovementView>();
        foreach (var c in undecided.TakeWhile(_ => listed.Count < 100))
            listed.AddRange(await County(c).ListAsync(MovementFilter.All with { Decided = false }, null, 100 - listed.Count));
        var count = S.Tallies.Values.Sum(t => t.Undecided);
        await store.SaveAsync();
        throw Refused.Conflict($"Cycle {Id} cannot {step}: {count} {(count == 1 ? "movement is" : "movements are")} undecided.", listed.Select(m =>
            new ValidationError($"village {m.Village}: {m.Direction.ToWire()} {m.PreviousTier?.ToWire() ?? "(none)"} → {m.ProposedTier.ToWire()} is undecided", Field: "village")).ToList());
    }

    /// <summary>The worker's last step, once every county is done: the phase after the work, and its reminder goes.</summary>
    private async Task FinishWorkAsync(CycleWork work)
    {
        S.Work = CycleWork.None;
        await MoveAsync(CycleSteps.PhaseAfter(work), S.WorkUser ?? "system");
        await DisarmAsync(WorkReminder);
        log.WorkDone(Id, work == CycleWork.Computing ? "compute" : "publish", S.Phase.ToString());
    }

    private NoticeWindow? Window() => S.NoticeFrom is { } from && S.NoticeUntil is { } until ? new(from, until) : null;

    private ICountyObjectionsGrain Objections(string county) => GrainFactory.GetGrain<ICountyObjectionsGrain>(ICountyObjectionsGrain.Key(Id, county));

    private ICountyAssessmentGrain County(string county) => GrainFactory.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(Id, county));

    private async Task MoveAsync(CyclePhase phase, string user)
    {
        S.Phase = phase;
        S.Changes.Add(new PhaseChange(phase, user, time.GetUtcNow()));
        await store.SaveAsync();
    }

    private CountyTally Counts() => S.Tallies.Values.Aggregate(CountyTally.Zero, (a, b) => a + b);

    private CycleView View() => new(Id, S.Phase, S.ClosesAt, S.Thresholds, S.Catalog, S.Province, S.Work, Counts(),
        S.Counties, S.NoticeDays, S.NoticeFrom, S.NoticeUntil,
        S.Objections.Values.Aggregate(ObjectionTally.Zero, (a, b) => a + b));
}
