using Assessment.Domain.Cycles;

namespace Assessment.Grains.Cycles;

/// <summary>
/// The cycle's two reminders: "close" freezes an Open cycle at its closesAt (the deadline holds without
/// it too: every request looks first, <see cref="FreezeIfDueAsync"/>), and "work" resumes compute or
/// publish wherever the cycle is activated after a crash, every minute until the work is done.
/// </summary>
public sealed partial class CycleGrain : IRemindable
{
    private const string CloseReminder = "close";
    private const string WorkReminder = "work";
    /// <summary>A reminder further away than this is re-armed when it fires, so any closesAt works.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);
    /// <summary>How often a due reminder retries (Orleans' minimum period).</summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);
    /// <summary>Who froze a cycle at its deadline, in its phase changes.</summary>
    private const string Schedule = "schedule";

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == WorkReminder)
        {
            if (S.Work == CycleWork.None) await DisarmAsync(WorkReminder);
            else Worker.EnsureRunning();
            return;
        }
        if (reminderName != CloseReminder) return;
        await FreezeIfDueAsync();
        if (S.Phase == CyclePhase.Open && S.ClosesAt is not null) await ArmCloseAsync();
        else await DisarmAsync(CloseReminder);
    }

    /// <summary>Applies the deadline (<see cref="CycleSteps.IsDueToFreeze"/>) before anything else looks at the phase.</summary>
    private async Task FreezeIfDueAsync()
    {
        if (CycleSteps.IsDueToFreeze(S.Phase, S.ClosesAt, time.GetUtcNow()))
        {
            await MoveAsync(CyclePhase.Frozen, Schedule);
            await DisarmAsync(CloseReminder);
        }
    }

    private async Task ArmCloseAsync()
    {
        var wait = S.ClosesAt!.Value - time.GetUtcNow();
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (wait > LongestWait) wait = LongestWait;
        await this.RegisterOrUpdateReminder(CloseReminder, wait, RetryPeriod);
    }

    /// <summary>Work started (or resumed after a crash) is looked at every minute until it is done.</summary>
    private async Task ArmWorkAsync() => await this.RegisterOrUpdateReminder(WorkReminder, RetryPeriod, RetryPeriod);

    private async Task DisarmAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder) await this.UnregisterReminder(reminder);
    }
}
