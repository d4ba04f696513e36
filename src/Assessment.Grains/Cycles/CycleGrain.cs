using Assessment.Abstractions.Cycles;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;

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
}

/// <summary>Who moved the cycle to which phase, and when (everything that changes data records who and when).</summary>
[GenerateSerializer, Immutable]
public sealed record PhaseChange([property: Id(0)] CyclePhase Phase, [property: Id(1)] string User, [property: Id(2)] DateTimeOffset At);

public sealed class CycleGrain(
    [PersistentState("cycle", StorageNames.Cycles)] IPersistentState<CycleState> state,
    TimeProvider time) : Grain, ICycleGrain, IRemindable
{
    private const string CloseReminder = "close";
    /// <summary>A reminder further away than this is re-armed when it fires, so any closesAt works.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);
    /// <summary>How often a due reminder retries if freezing failed (Orleans' minimum period).</summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);
    private const string Schedule = "schedule";

    private CycleState S => state.State;
    private string Id => this.GetPrimaryKeyString();

    public async Task<CycleView?> GetAsync()
    {
        if (!S.Created) return null;
        await FreezeIfDueAsync();
        return View();
    }

    public async Task<CycleChange> CreateAsync(CycleSettings settings, string user)
    {
        if (S.Created) return new CycleChange(View(), $"Cycle {Id} already exists.");
        S.Created = true;
        S.Phase = CyclePhase.Open;
        S.ClosesAt = settings.ClosesAt;
        S.Thresholds = settings.Thresholds;
        S.Catalog = settings.Catalog.ToList();
        S.Changes.Add(new PhaseChange(CyclePhase.Open, user, time.GetUtcNow()));
        await state.WriteStateAsync();
        if (S.ClosesAt is not null) await ArmAsync();
        await FreezeIfDueAsync();
        return new CycleChange(View(), null);
    }

    public async Task<CycleChange> FreezeAsync(string user)
    {
        await FreezeIfDueAsync();
        if (S.Phase != CyclePhase.Open) return new CycleChange(View(), $"Cycle {Id} is {S.Phase}; only an Open cycle can be frozen.");
        await MoveAsync(CyclePhase.Frozen, user);
        return new CycleChange(View(), null);
    }

    public async Task<CycleChange> ReopenAsync(string user)
    {
        await FreezeIfDueAsync();
        if (S.Phase is not (CyclePhase.Frozen or CyclePhase.Computed))
            return new CycleChange(View(), $"Cycle {Id} is {S.Phase}; only a Frozen or Computed cycle can be reopened.");
        // Reopening after the deadline is a deliberate correction window: the passed deadline no longer applies.
        if (S.ClosesAt <= time.GetUtcNow()) S.ClosesAt = null;
        await MoveAsync(CyclePhase.Open, user);
        return new CycleChange(View(), null);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CloseReminder) return;
        await FreezeIfDueAsync();
        if (S.Phase == CyclePhase.Open && S.ClosesAt is not null) await ArmAsync();
        else await DisarmAsync();
    }

    /// <summary>
    /// The deadline holds whether or not the reminder has fired yet: whoever looks at an Open cycle
    /// past its closesAt finds it Frozen.
    /// </summary>
    private async Task FreezeIfDueAsync()
    {
        if (S.Phase == CyclePhase.Open && S.ClosesAt is { } closes && closes <= time.GetUtcNow())
        {
            await MoveAsync(CyclePhase.Frozen, Schedule);
            await DisarmAsync();
        }
    }

    private async Task MoveAsync(CyclePhase phase, string user)
    {
        S.Phase = phase;
        S.Changes.Add(new PhaseChange(phase, user, time.GetUtcNow()));
        await state.WriteStateAsync();
    }

    private async Task ArmAsync()
    {
        var wait = S.ClosesAt!.Value - time.GetUtcNow();
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (wait > LongestWait) wait = LongestWait;
        await this.RegisterOrUpdateReminder(CloseReminder, wait, RetryPeriod);
    }

    private async Task DisarmAsync()
    {
        if (await this.GetReminder(CloseReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private CycleView View() => new(Id, S.Phase, S.ClosesAt, S.Thresholds, S.Catalog);
}
