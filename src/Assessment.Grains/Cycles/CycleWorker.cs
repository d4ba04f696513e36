using Assessment.Abstractions;
using Assessment.Abstractions.Review;
using Assessment.Abstractions.Villages;
using Assessment.Domain.Cycles;
using Microsoft.Extensions.Logging;

namespace Assessment.Grains.Cycles;

/// <summary>
/// The cycle's background work (compute or publish, <see cref="CycleState.Work"/>): hands every pending
/// county to its county grain a few at a time (<see cref="FanOut"/>), records each county's tally, stores
/// progress at most once a second, and tries failed counties again until none is left; then asks the
/// cycle to finish the work. One per activation, running on the activation's scheduler: it stops when the
/// activation goes (<see cref="Stop"/>), and the work reminder resumes it wherever the cycle lives next.
/// </summary>
/// <param name="cycle">The cycle's id.</param>
/// <param name="store">The cycle's row and its one writer, shared with the requests.</param>
/// <param name="finish">The cycle's part once every county is done: the phase after the work, the reminder, the log.</param>
internal sealed class CycleWorker(
    string cycle,
    CycleStateWriter store,
    IGrainFactory grains,
    FanOut fanOut,
    TimeProvider time,
    ILogger log,
    Func<CycleWork, Task> finish)
{
    /// <summary>How long a county that failed (its silo died, storage hiccuped) waits before it is tried again.</summary>
    private static readonly TimeSpan CountyRetry = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Progress is stored at most this often while work runs. Counties finished since the last store
    /// are done again after a crash, which changes nothing (their work is idempotent); storing after
    /// every county would make the cycle's own row the bottleneck of a province.
    /// </summary>
    private static readonly TimeSpan ProgressSaveInterval = TimeSpan.FromSeconds(1);

    /// <summary>Cancelled when the activation goes: the work stops, and the work reminder resumes it wherever the cycle is activated next.</summary>
    private readonly CancellationTokenSource stopping = new();
    private Task? running;

    private CycleState S => store.State;

    /// <summary>Starts the work if there is some and it is not already running in this activation.</summary>
    public void EnsureRunning()
    {
        if (S.Work == CycleWork.None || running is { IsCompleted: false }) return;
        running = WorkAsync();
    }

    /// <summary>The activation is going: the work and every county call still to make stop.</summary>
    public void Stop() => stopping.Cancel();

    /// <summary>
    /// Runs <paramref name="action"/> for each county (all of the province's by default), a few at a time
    /// (<see cref="FanOut"/>); a failure is logged, not thrown. The requests use it too.
    /// </summary>
    public Task ForEachCountyAsync(Func<string, Task> action, IReadOnlyList<string>? counties = null) =>
        fanOut.EachAsync(counties ?? S.Counties, async county =>
        {
            if (stopping.IsCancellationRequested) return;
            try
            {
                await action(county);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                log.CountyFailed(e, cycle, county);
            }
            catch (Exception)
            {
                // The activation is going (the silo stops): the work reminder resumes this county elsewhere.
            }
        });

    /// <summary>
    /// Hands every pending county to its worker, a few at a time, until none is left; a county that
    /// fails is tried again. A county's answer is recorded (and stored) only once its worker has
    /// stored its own part, so after a crash a county is either done or done again, never half done.
    /// </summary>
    private async Task WorkAsync()
    {
        var (work, run) = (S.Work, S.Run);
        // A reopen abandons a compute (a new run), a deactivation stops this worker: either way it no longer records anything.
        bool Current() => !stopping.IsCancellationRequested && S.Work == work && S.Run == run;
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
                if (time.GetUtcNow() - store.LastSaved >= ProgressSaveInterval) await store.SaveAsync();
            }, S.Pending.ToList());
            if (Current() && S.Pending.Count > 0) await Task.Delay(CountyRetry, time);
        }
        if (!Current()) return;
        await finish(work);
    }

    /// <summary>Before computing: how many villages each county has, so that progress reads "done of total".</summary>
    private async Task CountVillagesAsync(Func<bool> current)
    {
        var uncounted = S.Pending.Where(c => !S.Tallies.ContainsKey(c)).ToList();
        await ForEachCountyAsync(async c =>
        {
            var villages = (await grains.GetGrain<ICountyGrain>(c).GetStandingsAsync(cycle)).Count;
            if (current()) S.Tallies[c] = new CountyTally(villages, 0, 0, 0);
        }, uncounted);
        if (current()) await store.SaveAsync();
    }

    private ICountyAssessmentGrain County(string county) => grains.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, county));
}
