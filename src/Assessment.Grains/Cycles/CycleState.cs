using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Review;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Targets;

namespace Assessment.Grains.Cycles;

/// <summary>The cycle's stored row (grain storage "cycle", JSON by member name): never rename or remove a member, nor renumber an [Id].</summary>
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

/// <summary>
/// The cycle's row and its one writer. The requests and the background work interleave; their writes
/// must not (each needs the last ETag), so every write of the row goes through <see cref="SaveAsync"/>.
/// Changes made while a write is under way go out together in the one write that follows it: when many
/// counties report their counts at once (decisions and objections all over a province), the row is
/// written a few times, not once per report one after another.
/// </summary>
/// <remarks>Used on its grain's scheduler only (one turn at a time), so its fields need no lock.</remarks>
internal sealed class CycleStateWriter(IPersistentState<CycleState> state, TimeProvider time)
{
    /// <summary>The write under way, if any.</summary>
    private Task? writing;
    /// <summary>The write that starts when <see cref="writing"/> ends, shared by every caller that asked meanwhile.</summary>
    private Task? next;

    public CycleState State => state.State;

    /// <summary>When the row was last stored, by whoever stored it (the worker stores progress at most once a second).</summary>
    public DateTimeOffset LastSaved { get; private set; }

    /// <summary>Completes once a write that began after the caller's changes has stored them.</summary>
    public Task SaveAsync()
    {
        if (next is not null) return next;
        if (writing is { IsCompleted: false }) return next = WriteAfterAsync(writing);
        return writing = WriteAsync();
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // Its callers have that failure; this write is a new attempt that carries their changes too.
        }
        next = null;
        await (writing = WriteAsync());
    }

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        LastSaved = time.GetUtcNow();
    }
}
