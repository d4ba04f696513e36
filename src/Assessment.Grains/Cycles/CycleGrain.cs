using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Notice;
using Assessment.Domain.Targets;
using Assessment.Abstractions.Notice;
using Assessment.Domain.Regions;
using Assessment.Domain.Review;
using Assessment.Domain;
using Assessment.Storage;
using Microsoft.Extensions.Logging;

namespace Assessment.Grains.Cycles;

[GenerateSerializer]
public sealed class CycleState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public CyclePhase Phase { get; set; }
    [Id(2)] public DateTimeOffset? ClosesAt { get; set; }
    [Id(3)] public Thresholds Thresholds { get; set; } = Thresholds.Default;
    [Id(4)] public List<Indicator> Catalog { get; set; } = [];
    [Id(5)] public List<PhaseChange> Changes { get; set; } = [];
    [Id(6)] public string Province { get; set; } = "";
    /// <summary>Compute runs so far; a county's proposals carry the run that made them.</summary>
    [Id(7)] public int Run { get; set; }
    [Id(8)] public CycleWork Work { get; set; }
    [Id(9)] public string? WorkUser { get; set; }
    /// <summary>Every county of the province, as of the last compute.</summary>
    [Id(10)] public List<string> Counties { get; set; } = [];
    /// <summary>Counties the running work has not finished yet.</summary>
    [Id(11)] public List<string> Pending { get; set; } = [];
    [Id(12)] public Dictionary<string, CountyTally> Tallies { get; set; } = [];
    /// <summary>How long the public notice (公示) runs; 0: none, published straight from Computed.</summary>
    [Id(13)] public int NoticeDays { get; set; }
    /// <summary>The running notice's window (Notice only); a withdrawal clears it.</summary>
    [Id(14)] public DateTimeOffset? NoticeFrom { get; set; }
    [Id(15)] public DateTimeOffset? NoticeUntil { get; set; }
    /// <summary>Each county's objection counts, as its objections grain reports them.</summary>
    [Id(16)] public Dictionary<string, ObjectionTally> Objections { get; set; } = [];
    /// <summary>Targets (逐年细化目标任务) by region code: the province's, its cities', their counties' (a few hundred at most).</summary>
    [Id(17)] public Dictionary<string, Target> Targets { get; set; } = [];
}

/// <summary>Who moved the cycle to which phase, and when (everything that changes data records who and when).</summary>
[GenerateSerializer, Immutable]
public sealed record PhaseChange([property: Id(0)] CyclePhase Phase, [property: Id(1)] string User, [property: Id(2)] DateTimeOffset At);

public sealed class CycleGrain(
    [PersistentState("cycle", StorageNames.Cycles)] IPersistentState<CycleState> state,
    RegionStore regions,
    FanOut fanOut,
    TimeProvider time,
    ILogger<CycleGrain> log) : Grain, ICycleGrain, IRemindable
{
    private const string CloseReminder = "close";
    private const string WorkReminder = "work";
    /// <summary>A reminder further away than this is re-armed when it fires, so any closesAt works.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);
    /// <summary>How often a due reminder retries (Orleans' minimum period).</summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);
    /// <summary>How long a county that failed (its silo died, storage hiccuped) waits before it is tried again.</summary>
    private static readonly TimeSpan CountyRetry = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Progress is stored at most this often while work runs. Counties finished since the last store
    /// are done again after a crash, which changes nothing (their work is idempotent); storing after
    /// every county would make the cycle's own row the bottleneck of a province.
    /// </summary>
    private static readonly TimeSpan ProgressSaveInterval = TimeSpan.FromSeconds(1);
    private const string Schedule = "schedule";

    private readonly SemaphoreSlim saving = new(1, 1);
    /// <summary>Cancelled when the activation goes: its worker stops, and the work reminder resumes it wherever the cycle lives next.</summary>
    private readonly CancellationTokenSource deactivating = new();
    private DateTimeOffset lastSaved;
    private Task? worker;

    private CycleState S => state.State;
    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken ct)
    {
        // Work interrupted by a crash goes on wherever the cycle is activated next.
        EnsureWorker();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        deactivating.Cancel();
        return Task.CompletedTask;
    }

    public async Task<CycleView?> GetAsync()
    {
        if (!S.Created) return null;
        await FreezeIfDueAsync();
        EnsureWorker();
        return View();
    }

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
        await SaveAsync();
        if (S.ClosesAt is not null) await ArmCloseAsync();
        await FreezeIfDueAsync();
        return View();
    }

    public async Task<CycleView> FreezeAsync(string user)
    {
        await FreezeIfDueAsync();
        if (S.Phase != CyclePhase.Open) throw Refused.Conflict($"Cycle {Id} is {S.Phase}; only an Open cycle can be frozen.");
        await MoveAsync(CyclePhase.Frozen, user);
        return View();
    }

    public async Task<CycleView> ReopenAsync(string user)
    {
        await FreezeIfDueAsync();
        if (S.Work == CycleWork.Publishing) throw Refused.Conflict($"Cycle {Id} is being published; it cannot be reopened.");
        if (S.Phase is not (CyclePhase.Frozen or CyclePhase.Computed))
            throw Refused.Conflict($"Cycle {Id} is {S.Phase}; only a Frozen or Computed cycle can be reopened.");
        // Reopening after the deadline is a deliberate correction window: the passed deadline no longer applies.
        if (S.ClosesAt <= time.GetUtcNow()) S.ClosesAt = null;
        // A compute still running is abandoned: its run number is passed, so its late answers are ignored.
        if (S.Work == CycleWork.Computing) (S.Work, S.Pending, S.Run) = (CycleWork.None, [], S.Run + 1);
        await MoveAsync(CyclePhase.Open, user);
        return View();
    }

    public async Task<CycleView> ComputeAsync(string user, string? province)
    {
        await FreezeIfDueAsync();
        if (S.Work == CycleWork.Computing) return View(); // already under way: asking again changes nothing
        if (S.Work == CycleWork.Publishing || S.Phase is CyclePhase.Published or CyclePhase.Notice)
            throw Refused.Conflict($"Cycle {Id} is {(S.Work == CycleWork.Publishing ? "being published" : S.Phase.ToString())}; its proposals do not change now.");
        if (S.Phase == CyclePhase.Open)
            throw Refused.Conflict($"Cycle {Id} is Open: data entry must be frozen (POST /api/cycles/{Id}/freeze) before computing.");

        if (S.Province == "" && province is not null) S.Province = province;
        if (S.Province == "")
            throw Refused.Conflict($"Cycle {Id} does not say which province it rates, and several are stored: a province user of that province computes it.");
        var counties = (await regions.DescendantsAsync(DivisionCode.Parse(S.Province), RegionLevel.County, fresh: true))
            .Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        S.Run++;
        S.Phase = CyclePhase.Frozen; // computing again replaces the proposals: until it is done there are none
        S.Work = CycleWork.Computing;
        S.WorkUser = user;
        S.Counties = counties;
        S.Pending = [.. counties];
        S.Tallies = [];
        await SaveAsync();
        await this.RegisterOrUpdateReminder(WorkReminder, RetryPeriod, RetryPeriod);
        log.WorkStarted(Id, user, "compute", counties.Count);
        EnsureWorker();
        return View();
    }

    public async Task<CycleView> PublishAsync(string user)
    {
        if (S.Work == CycleWork.Publishing || S.Phase == CyclePhase.Published) return View();
        if (S.Work == CycleWork.Computing || S.Phase is not (CyclePhase.Computed or CyclePhase.Notice))
            throw Refused.Conflict($"Cycle {Id} is {(S.Work == CycleWork.Computing ? "being computed" : S.Phase.ToString())}; only a Computed cycle, or one whose public notice (公示) has run, can be published.");
        if (S.Phase == CyclePhase.Notice)
        {
            // Counts reported after each objection may have been lost with a request: ask every county afresh.
            await ForEachCountyAsync(async c => S.Objections[c] = await Objections(c).GetTallyAsync());
        }
        var open = S.Objections.Values.Sum(t => t.Open);
        if (PublicNotice.WhyNotPublish(S.Phase, S.NoticeDays, Window(), open, time.GetUtcNow()) is { } why)
            throw Refused.Conflict($"Cycle {Id} cannot be published: {why}.");
        await RefuseUndecidedAsync("be published");

        S.Work = CycleWork.Publishing;
        S.WorkUser = user;
        S.Pending = [.. S.Counties];
        await SaveAsync();
        await this.RegisterOrUpdateReminder(WorkReminder, RetryPeriod, RetryPeriod);
        log.WorkStarted(Id, user, "publish", S.Counties.Count);
        EnsureWorker();
        return View();
    }

    public async Task<CycleView> StartNoticeAsync(string user)
    {
        if (S.Work != CycleWork.None)
            throw Refused.Conflict($"Cycle {Id} is {(S.Work == CycleWork.Computing ? "being computed" : "being published")}; the public notice (公示) starts from Computed.");
        if (PublicNotice.WhyNotStart(S.Phase, S.NoticeDays, 0) is { } why) throw Refused.Conflict($"Cycle {Id}: {why}.");
        await RefuseUndecidedAsync("go on public notice (公示)");
        var window = PublicNotice.Start(S.NoticeDays, time.GetUtcNow());
        (S.NoticeFrom, S.NoticeUntil) = (window.From, window.Until);
        await MoveAsync(CyclePhase.Notice, user);
        return View();
    }

    public async Task<CycleView> WithdrawNoticeAsync(string user)
    {
        if (PublicNotice.WhyNotWithdraw(S.Phase) is { } why) throw Refused.Conflict($"Cycle {Id}: {why}.");
        // Starting again runs the full noticeDays again: the old window is gone.
        (S.NoticeFrom, S.NoticeUntil) = (null, null);
        await MoveAsync(CyclePhase.Computed, user);
        return View();
    }

    public async Task ReportObjectionsAsync(string county, ObjectionTally tally)
    {
        if (S.Objections.GetValueOrDefault(county) == tally) return;
        S.Objections[county] = tally;
        await SaveAsync();
    }

    public async Task SetTargetAsync(string region, Target target, string user)
    {
        if (!S.Created) throw Refused.NotFound($"No cycle {Id} exists.");
        if (S.Phase == CyclePhase.Published || S.Work == CycleWork.Publishing)
            throw Refused.Conflict($"Cycle {Id} is {(S.Phase == CyclePhase.Published ? "published" : "being published")}: its targets no longer change.");
        S.Targets[region] = target;
        await SaveAsync();
    }

    public Task<IReadOnlyDictionary<string, Target>> GetTargetsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, Target>>(new Dictionary<string, Target>(S.Targets));

    /// <summary>
    /// Refuses (409) while any movement is undecided, listing up to 100 of them; asks every county
    /// afresh, since counts reported after decisions may have been lost with a request.
    /// </summary>
    private async Task RefuseUndecidedAsync(string step)
    {
        await ForEachCountyAsync(async c => S.Tallies[c] = await County(c).GetTallyAsync());
        var undecided = S.Tallies.Where(t => t.Value.Undecided > 0).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        if (undecided.Count == 0) return;
        var listed = new List<MovementView>();
        foreach (var c in undecided.TakeWhile(_ => listed.Count < 100))
            listed.AddRange(await County(c).ListAsync(MovementFilter.All with { Decided = false }, null, 100 - listed.Count));
        var count = S.Tallies.Values.Sum(t => t.Undecided);
        await SaveAsync();
        throw Refused.Conflict($"Cycle {Id} cannot {step}: {count} {(count == 1 ? "movement is" : "movements are")} undecided.", listed.Select(m =>
            new ValidationError($"village {m.Village}: {m.Direction.ToWire()} {m.PreviousTier?.ToWire() ?? "(none)"} → {m.ProposedTier.ToWire()} is undecided", Field: "village")).ToList());
    }

    private NoticeWindow? Window() => S.NoticeFrom is { } from && S.NoticeUntil is { } until ? new(from, until) : null;

    public async Task ReportTallyAsync(string county, CountyTally tally)
    {
        if (S.Work != CycleWork.None || S.Phase != CyclePhase.Computed || !S.Tallies.ContainsKey(county)) return;
        S.Tallies[county] = tally;
        await SaveAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == WorkReminder)
        {
            if (S.Work == CycleWork.None) await DisarmAsync(WorkReminder);
            else EnsureWorker();
            return;
        }
        if (reminderName != CloseReminder) return;
        await FreezeIfDueAsync();
        if (S.Phase == CyclePhase.Open && S.ClosesAt is not null) await ArmCloseAsync();
        else await DisarmAsync(CloseReminder);
    }

    /// <summary>Starts the background work if there is some and it is not already running in this activation.</summary>
    private void EnsureWorker()
    {
        if (S.Work == CycleWork.None || worker is { IsCompleted: false }) return;
        worker = WorkAsync();
    }

    /// <summary>
    /// Hands every pending county to its worker, a few at a time, until none is left; a county that
    /// fails is tried again. A county's answer is recorded (and stored) only once its worker has
    /// stored its own part, so after a crash a county is either done or done again, never half done.
    /// </summary>
    private async Task WorkAsync()
    {
        var (work, run) = (S.Work, S.Run);
        bool Current() => !deactivating.IsCancellationRequested && S.Work == work && S.Run == run;
        if (work == CycleWork.Computing) await CountVillagesAsync(Current);

        var order = new ComputeOrder(S.Run, S.Catalog, S.Thresholds);
        while (Current() && S.Pending.Count > 0)
        {
            await ForEachCountyAsync(async county =>
            {
                var tally = work == CycleWork.Computing ? await County(county).ComputeAsync(order) : await County(county).PublishAsync();
                if (!Current()) return;
                S.Tallies[county] = tally;
                S.Pending.Remove(county);
                if (time.GetUtcNow() - lastSaved >= ProgressSaveInterval) await SaveAsync();
            }, S.Pending.ToList());
            if (Current() && S.Pending.Count > 0) await Task.Delay(CountyRetry, time);
        }
        if (!Current()) return;
        S.Work = CycleWork.None;
        await MoveAsync(work == CycleWork.Computing ? CyclePhase.Computed : CyclePhase.Published, S.WorkUser ?? "system");
        await DisarmAsync(WorkReminder);
        log.WorkDone(Id, work == CycleWork.Computing ? "compute" : "publish", S.Phase.ToString());
    }

    /// <summary>Before computing: how many villages each county has, so that progress reads "done of total".</summary>
    private async Task CountVillagesAsync(Func<bool> current)
    {
        var uncounted = S.Pending.Where(c => !S.Tallies.ContainsKey(c)).ToList();
        await ForEachCountyAsync(async c =>
        {
            var villages = (await GrainFactory.GetGrain<ICountyGrain>(c).GetStandingsAsync(Id)).Count;
            if (current()) S.Tallies[c] = new CountyTally(villages, 0, 0, 0);
        }, uncounted);
        if (current()) await SaveAsync();
    }

    /// <summary>Runs <paramref name="action"/> for each county, a few at a time (<see cref="FanOut"/>); a failure is logged, not thrown.</summary>
    private Task ForEachCountyAsync(Func<string, Task> action, IReadOnlyList<string>? counties = null) =>
        fanOut.EachAsync(counties ?? S.Counties, async county =>
        {
            if (deactivating.IsCancellationRequested) return;
            try
            {
                await action(county);
            }
            catch (Exception e) when (!deactivating.IsCancellationRequested)
            {
                log.CountyFailed(e, Id, county);
            }
            catch (Exception)
            {
                // The activation is going (the silo stops): the work reminder resumes this county elsewhere.
            }
        });

    private ICountyObjectionsGrain Objections(string county) => GrainFactory.GetGrain<ICountyObjectionsGrain>(ICountyObjectionsGrain.Key(Id, county));

    private ICountyAssessmentGrain County(string county) => GrainFactory.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(Id, county));

    /// <summary>
    /// The deadline holds whether or not the reminder has fired yet: whoever looks at an Open cycle
    /// past its closesAt finds it Frozen.
    /// </summary>
    private async Task FreezeIfDueAsync()
    {
        if (S.Phase == CyclePhase.Open && S.ClosesAt is { } closes && closes <= time.GetUtcNow())
        {
            await MoveAsync(CyclePhase.Frozen, Schedule);
            await DisarmAsync(CloseReminder);
        }
    }

    private async Task MoveAsync(CyclePhase phase, string user)
    {
        S.Phase = phase;
        S.Changes.Add(new PhaseChange(phase, user, time.GetUtcNow()));
        await SaveAsync();
    }

    /// <summary>The background work and requests interleave; their writes must not (each needs the last ETag).</summary>
    private async Task SaveAsync()
    {
        await saving.WaitAsync();
        try
        {
            await state.WriteStateAsync();
            lastSaved = time.GetUtcNow();
        }
        finally
        {
            saving.Release();
        }
    }

    private async Task ArmCloseAsync()
    {
        var wait = S.ClosesAt!.Value - time.GetUtcNow();
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (wait > LongestWait) wait = LongestWait;
        await this.RegisterOrUpdateReminder(CloseReminder, wait, RetryPeriod);
    }

    private async Task DisarmAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private CycleView View() => new(Id, S.Phase, S.ClosesAt, S.Thresholds, S.Catalog, S.Province, S.Work,
        S.Tallies.Values.Aggregate(CountyTally.Zero, (a, b) => a + b),
        S.Counties, S.NoticeDays, S.NoticeFrom, S.NoticeUntil,
        S.Objections.Values.Aggregate(ObjectionTally.Zero, (a, b) => a + b));
}
