using System.Globalization;
using Assessment.Abstractions;
using Assessment.Abstractions.Problems;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Problems;
using Assessment.Domain.Regions;
using Assessment.Domain.Scoring;
using Assessment.Storage;
using Microsoft.Extensions.Logging;

namespace Assessment.Grains.Problems;

/// <summary>
/// A county's problems (问题整顿) in memory, the one writer of its partition of the Problems table:
/// every step is stored before it is answered. The rules are the domain's <see cref="Problem"/>; this
/// grain numbers problems per village, keeps who did what when, points problems at stored files,
/// and, once a day through a durable reminder, notes the problems that became overdue (督办).
/// </summary>
public sealed class CountyProblemsGrain(ProblemStore store, TimeProvider time, ILogger<CountyProblemsGrain> log)
    : Grain, ICountyProblemsGrain, IRemindable
{
    private const string OverdueReminder = "overdue";
    /// <summary>The reminder fires this long after midnight in Shanghai, so that "today" there is surely the new day.</summary>
    private static readonly TimeSpan AfterMidnight = TimeSpan.FromMinutes(1);

    private string county = "";
    private bool armed;
    private readonly SortedDictionary<string, StoredProblem> problems = new(ProblemIds.Comparer);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        county = DivisionCode.Parse(this.GetPrimaryKeyString()).Value;
        foreach (var p in await store.CountyAsync(county, ct)) problems[p.Problem.Id] = p;
    }

    public async Task<ProblemView> RecordAsync(string village, ProblemFields f, string user)
    {
        if (ICountyProblemsGrain.CountyOf(village) != county || await GrainFactory.GetGrain<ICountyGrain>(county).GetVillageAsync(village) is null)
            throw Refused.NotFound($"No village {village} is stored: import it with the region file.");
        var n = problems.Keys.Count(k => ProblemIds.VillageOf(k) == village) + 1;
        var change = Problem.Record(ProblemIds.Of(village, n), village, new ProblemInput(f.Category, f.Description, f.Severity, f.Source, f.Responsible, f.Deadline),
            user, time.GetUtcNow());
        var recorded = new StoredProblem(Accept(change, "The problem was not recorded."), [], null);
        await SaveAsync(recorded);
        await ArmAsync();
        return View(recorded);
    }

    public async Task<ProblemView> MoveAsync(string id, ProblemStep step, string? text, string user)
    {
        var stored = Find(id);
        var now = time.GetUtcNow();
        var change = step switch
        {
            ProblemStep.Rectify => stored.Problem.Rectify(text, user, now),
            ProblemStep.Verify => stored.Problem.Verify(text, user, now),
            _ => stored.Problem.Reopen(text, user, now),
        };
        var moved = stored with { Problem = Accept(change, $"Problem {id} was not {Past(step)}.") };
        await SaveAsync(moved);
        return View(moved);
    }

    public Task<ProblemView?> GetAsync(string id) =>
        Task.FromResult(problems.TryGetValue(id, out var p) ? View(p) : null);

    public async Task<AttachmentView> AttachAsync(string id, AttachmentView file)
    {
        var stored = Find(id);
        if (stored.Problem.Status == ProblemStatus.Verified)
            throw Refused.Conflict($"Problem {id} is verified (已验收): its loop is closed and takes no more evidence.");
        var attachment = new ProblemAttachment(stored.Attachments.Count + 1, file.Name, file.ContentType, file.Bytes, file.Sha256, file.Blob, file.By, time.GetUtcNow());
        var attached = stored with { Attachments = [.. stored.Attachments, attachment] };
        await SaveAsync(attached);
        return View(attachment);
    }

    public Task<IReadOnlyList<ProblemView>> ListAsync(string regionPrefix, ProblemStatus? status, bool? overdue)
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<ProblemView>>(problems.Values
            .Where(p => p.Problem.Village.StartsWith(regionPrefix, StringComparison.Ordinal)
                && (status is null || p.Problem.Status == status)
                && (overdue is null || p.Problem.IsOverdue(now) == overdue))
            .Select(p => View(p, now))
            .ToList());
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<MajorProblemHold>>> GetHoldsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<MajorProblemHold>>>(problems.Values
            .Where(p => p.Problem.HoldsAtFoundation)
            .GroupBy(p => p.Problem.Village)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MajorProblemHold>)g.Select(p => new MajorProblemHold(p.Problem.Id, p.Problem.Deadline)).ToList()));

    public async Task<int> NoteOverdueAsync()
    {
        var now = time.GetUtcNow();
        var today = ProvinceTime.Today(now);
        var noted = problems.Values
            .Where(p => p.OverdueNoted is null && p.Problem.IsOverdue(now))
            .Select(p => p with { OverdueNoted = today })
            .ToList();
        if (noted.Count == 0) return 0;
        await store.SaveAsync(county, noted);
        foreach (var p in noted) problems[p.Problem.Id] = p;
        log.LogInformation("{County}: {Count} problems became overdue by {Today}: {Ids}", county, noted.Count,
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(", ", noted.Select(p => p.Problem.Id)));
        return noted.Count;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OverdueReminder) return;
        await NoteOverdueAsync();
        // Nothing left that could become overdue: the reminder is armed again by the next problem.
        if (problems.Values.All(p => p.Problem.Status == ProblemStatus.Verified || p.OverdueNoted is not null))
        {
            if (await this.GetReminder(OverdueReminder) is { } r) await this.UnregisterReminder(r);
            armed = false;
        }
    }

    /// <summary>
    /// A daily reminder, just after midnight in Shanghai: Orleans keeps it in storage and fires it on
    /// whichever silo holds the grain, so the lists are noted whether or not anyone asks.
    /// </summary>
    private async Task ArmAsync()
    {
        if (armed) return;
        var now = time.GetUtcNow();
        var next = ProvinceTime.StartOf(ProvinceTime.Today(now).AddDays(1)) + AfterMidnight;
        await this.RegisterOrUpdateReminder(OverdueReminder, next - now, TimeSpan.FromDays(1));
        armed = true;
    }

    private StoredProblem Find(string id) =>
        problems.TryGetValue(id, out var p) ? p : throw Refused.NotFound($"No problem {id} is recorded.");

    private async Task SaveAsync(StoredProblem p)
    {
        await store.SaveAsync(county, [p]);
        problems[p.Problem.Id] = p;
    }

    /// <summary>The domain's answer as the grain's: the changed problem, or a refusal (409 before 422).</summary>
    private static Problem Accept(ProblemChange change, string what)
    {
        if (change.Conflict is { } conflict) throw Refused.Conflict(conflict);
        if (change.Errors.Count > 0) throw Refused.Invalid($"{what} {string.Join("; ", change.Errors.Select(e => e.Message))}.", change.Errors);
        return change.Problem!;
    }

    private static string Past(ProblemStep step) => step switch
    {
        ProblemStep.Rectify => "rectified",
        ProblemStep.Verify => "verified",
        _ => "reopened",
    };

    private ProblemView View(StoredProblem s) => View(s, time.GetUtcNow());

    private static ProblemView View(StoredProblem s, DateTimeOffset now)
    {
        var p = s.Problem;
        return new ProblemView(p.Id, p.Village, p.Category, p.Description, p.Severity, p.Source, p.Responsible, p.Deadline, p.Status, p.IsOverdue(now),
            s.OverdueNoted, p.Transitions.Select(t => new TransitionView(t.Status, t.By, t.At, t.Evidence, t.Reason, t.Note)).ToList(),
            s.Attachments.Select(View).ToList());
    }

    private static AttachmentView View(ProblemAttachment a) => new(a.N, a.Name, a.ContentType, a.Bytes, a.Sha256, a.Blob, a.By, a.At);
}
