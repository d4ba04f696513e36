using Assessment.Abstractions;
using Assessment.Abstractions.Competitions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Competitions;
using Assessment.Domain.Regions;
using Assessment.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Assessment.Grains.Competitions;

/// <summary>
/// One competition (擂台比武): its definition and every sheet in memory, loaded from its own
/// partition when activated. Score sheets interleave: while one write is on its way to storage, the
/// sheets arriving meanwhile queue and go together in the next write (a group commit), and each
/// judge is answered once its sheet is stored. The board is <see cref="CompetitionScoring.Board"/>
/// of the sheets, pushed to every subscribed feed (one per silo) after each change.
/// </summary>
public sealed class CompetitionGrain(CompetitionStore store, UserStore users, RegionStore regions, TimeProvider time, ILogger<CompetitionGrain> log)
    : Grain, ICompetitionGrain
{
    /// <summary>Sheets per write: a row's text stays well within what <see cref="LongText"/> splits over a few properties.</summary>
    public const int SheetsPerWrite = 200;

    private string id = "";
    private StoredCompetition? definition;
    private CompetitionCriteria criteria = CompetitionCriteria.Default;
    private readonly List<SheetRecord> history = [];
    /// <summary>Each judge's latest sheet for each contestant and when it came: what the board counts, kept as sheets come so that a change costs the board's size, not the history's.</summary>
    private readonly Dictionary<(string Village, string Judge), (DateTimeOffset At, ScoreSheet Sheet)> latest = [];
    /// <summary>Each judge's latest sheet per contestant, stored or on its way: the same sheet sent again is answered with it.</summary>
    private readonly Dictionary<(string Village, string Judge), (IReadOnlyList<decimal> Values, Task<SheetRecord> Stored)> latestGiven = [];
    private int nextWrite;
    private bool closing;
    private readonly List<(StoredSheet Sheet, TaskCompletionSource<SheetRecord> Done)> queue = [];
    private Task writing = Task.CompletedTask;   // the write on its way to storage, or the last one
    private bool storing;
    private CompetitionBoard? board;
    private ObserverManager<IScoreboardObserver> watchers = null!;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        id = this.GetPrimaryKeyString();
        watchers = new ObserverManager<IScoreboardObserver>(TimeSpan.FromMinutes(2), log);
        definition = await store.GetAsync(id, ct);
        if (definition is null) return;
        criteria = CriteriaOf(definition);
        var (sheets, next) = await store.SheetsAsync(id, ct);
        nextWrite = next;
        foreach (var s in sheets) Apply(s);
    }

    public async Task<CompetitionView> CreateAsync(NewCompetition c, Caller caller)
    {
        if (definition is not null) throw Refused.Conflict($"Competition {id} exists already; choose another id.");
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Trim().Length > 64) errors.Add(new("the name is 1 to 64 characters", Field: "name"));

        DivisionCode? region = null;
        if (!DivisionCode.TryParse(c.RegionCode, out var code, out var reason)) errors.Add(new(reason!, Field: "regionCode"));
        else if (code.Value.Level is not (RegionLevel.City or RegionLevel.County))
            errors.Add(new($"{code} is a {code.Value.Level.ToWire()}; a competition is held by a city or a county", Field: "regionCode"));
        else if (!Reaches(caller, code.Value))
            throw Refused.Forbidden($"{caller.Username} ({caller.Role.ToWire()} {caller.Region}) may not organize a competition of {code}: it lies outside its region.");
        else if (await regions.GetAsync(code.Value) is null) errors.Add(new($"no region {code} is stored", Field: "regionCode"));
        else region = code;

        if (string.IsNullOrEmpty(c.Cycle) || await GrainFactory.GetGrain<ICycleGrain>(c.Cycle).GetAsync() is null)
            errors.Add(new($"there is no cycle '{c.Cycle}'", Field: "cycle"));

        var judges = new List<StoredJudge>();
        if (c.Judges.Count == 0) errors.Add(new("name at least one judge (a user with the role judge)", Field: "judges"));
        for (var i = 0; i < c.Judges.Count; i++)
        {
            var name = c.Judges[i];
            var field = $"judges[{i}]";
            if (string.IsNullOrWhiteSpace(name) || name.Contains('/')) { errors.Add(new($"'{name}' is not a user name", Field: field)); continue; }
            if (judges.Any(j => j.Username == name)) { errors.Add(new($"{name} is named twice", Field: field)); continue; }
            var user = await users.GetAsync(name);
            if (user is null) errors.Add(new($"there is no user {name}", Field: field));
            else if (user.Role != Role.Judge) errors.Add(new($"{name} is a {user.Role.ToWire()} user, not a judge", Field: field));
            else judges.Add(new StoredJudge(name, string.IsNullOrEmpty(user.RegionCode) ? null : user.RegionCode));
        }

        var chosen = c.Criteria is null
            ? CompetitionCriteria.Default
            : new CompetitionCriteria(c.Criteria.Select(x => new Criterion(x.Code, x.NameZh, x.NameEn, x.Points)), c.TieBreak);
        if (c.Criteria is null && c.TieBreak is not null) chosen = new CompetitionCriteria(CompetitionCriteria.Default.Items, c.TieBreak);
        errors.AddRange(chosen.Validate());
        if (errors.Count > 0) throw Refused.Invalid($"Competition {id} was not created: {ValidationError.Summary(errors)}.", errors);

        var stored = new StoredCompetition(id, c.Name.Trim(), c.Cycle, region!.Value.Value, CompetitionPhase.Scheduled,
            chosen.Items.Select(x => new StoredCriterion(x.Code, x.NameZh, x.NameEn, x.Points)).ToList(), chosen.TieBreak,
            judges, [], caller.Username, time.GetUtcNow());
        if (!await store.AddAsync(stored)) throw Refused.Conflict($"Competition {id} exists already; choose another id.");
        definition = stored;
        criteria = CriteriaOf(stored);
        return View();
    }

    public Task<CompetitionView?> GetAsync() => Task.FromResult(definition is null ? null : View());

    public Task<CompetitionView> AddContestantAsync(NewContestant c, Caller caller) => AddAsync([c], null, [], caller);

    public Task<CompetitionView> AddContestantsAsync(IReadOnlyList<NewContestant> contestants, IReadOnlyList<int> rows, IReadOnlyList<ValidationError> unread, Caller caller) =>
        AddAsync(contestants, rows, unread, caller);

    /// <summary>Checks every contestant first and stores them together, or none: a list (with <paramref name="rows"/>) names every bad row.</summary>
    private async Task<CompetitionView> AddAsync(IReadOnlyList<NewContestant> list, IReadOnlyList<int>? rows, IReadOnlyList<ValidationError> unread, Caller caller)
    {
        var d = Existing();
        RequireOrganizer(caller, "add contestants");
        if (d.Phase != CompetitionPhase.Scheduled)
            throw Refused.Conflict($"Competition {id} is {d.Phase}: contestants are added only before it starts (Scheduled).");
        if (list.Count == 0) throw Refused.Invalid("No contestant was given.", [new("the list has no contestant", Field: "contestants")]);
        var errors = unread.ToList();
        var contestants = d.Contestants.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var row = rows is not null && i < rows.Count ? rows[i] : (int?)null;
            var (entry, wrong) = await CheckAsync(list[i], d, contestants);
            errors.AddRange(wrong.Select(e => e with { Row = row }));
            if (entry is null) continue;
            if (rows is not null && list.Take(i).Any(x => x.Village == entry.Village))
            {
                errors.Add(new($"village {entry.Village} is listed twice", Row: row, Field: "village"));
                continue;
            }
            contestants = [.. contestants.Where(x => x.Village != entry.Village), entry];
        }
        if (errors.Count > 0)
        {
            errors = [.. errors.OrderBy(e => e.Row ?? 0)];
            var what = rows is null ? "The contestant was not added" : $"None of the {list.Count} contestants was added";
            throw Refused.Invalid($"{what}: {ValidationError.Summary(errors)}.", errors);
        }

        var next = d with { Contestants = contestants };
        await store.SaveAsync(next);
        definition = next;
        Changed();
        return View();
    }

    private async Task<(StoredContestant? Entry, List<ValidationError> Errors)> CheckAsync(NewContestant c, StoredCompetition d, IReadOnlyList<StoredContestant> contestants)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(c.Presenter) || c.Presenter.Trim().Length > 64) errors.Add(new("the presenter (the village's Party secretary) is 1 to 64 characters", Field: "presenter"));
        if (c.Session is < 1) errors.Add(new($"session {c.Session}: sessions count from 1", Field: "session"));
        if (c.Order is < 0) errors.Add(new($"order {c.Order}: the running order is 0 or more", Field: "order"));

        var name = "";
        if (!DivisionCode.TryParse(c.Village, out var code, out var reason) || code.Value.Level != RegionLevel.Village)
            errors.Add(new(reason ?? $"{c.Village} is not a village code", Field: "village"));
        else if (!DivisionCode.Parse(d.Region).Contains(code.Value))
            errors.Add(new($"village {code} is not in the competition's region {d.Region}", Field: "village"));
        else if (await GrainFactory.GetGrain<IVillageGrain>(code.Value.Value).GetAsync() is not { } village)
            errors.Add(new($"there is no village {code}", Field: "village"));
        else
        {
            // Its tier in the last cycle published before the competition's cycle: what it competes as.
            var tier = village.History.Where(h => string.CompareOrdinal(h.Cycle, d.Cycle) < 0).MaxBy(h => h.Cycle, StringComparer.Ordinal);
            if (tier?.Tier != Tier.Excellence)
                errors.Add(new(tier is null
                    ? $"village {code} ({village.Name}) has no published tier before cycle {d.Cycle}; only Excellence (创优) villages compete"
                    : $"village {code} ({village.Name}) was {tier.Tier.ToWire()} in cycle {tier.Cycle}; only Excellence (创优) villages compete", Field: "village"));
            name = village.Name;
        }
        if (errors.Count > 0) return (null, errors);

        var entry = new StoredContestant(code!.Value.Value, name, c.Presenter.Trim(),
            c.Session ?? 1, c.Order ?? (contestants.Where(x => x.Session == (c.Session ?? 1)).Select(x => x.Order + 1).DefaultIfEmpty(1).Max()));
        return (entry, errors);
    }

    public Task<CompetitionView> StartAsync(Caller caller) => MoveAsync(CompetitionPhase.Live, caller);

    public async Task<CompetitionView> CloseAsync(Caller caller)
    {
        var d = Existing();
        RequireOrganizer(caller, "close it");
        if (!d.Phase.CanMove(CompetitionPhase.Closed, out var refusal)) throw Refused.Conflict($"Competition {id}: {refusal}.");
        // No sheet is accepted from here on; those already accepted are stored before the results are sealed.
        closing = true;
        try
        {
            while (storing || queue.Count > 0) await writing;
            var closed = d with { Phase = CompetitionPhase.Closed };
            var final = Board(closed);
            closed = closed with { Placings = final.Contestants.Where(r => r.Rank is not null).Select(r => new StoredPlacing(r.Village, r.Rank!.Value)).ToList() };
            await store.SaveAsync(closed);
            definition = closed;
        }
        finally
        {
            closing = false;
        }
        Changed();
        return View();
    }

    private async Task<CompetitionView> MoveAsync(CompetitionPhase to, Caller caller)
    {
        var d = Existing();
        RequireOrganizer(caller, to == CompetitionPhase.Live ? "start it" : "close it");
        if (!d.Phase.CanMove(to, out var refusal)) throw Refused.Conflict($"Competition {id}: {refusal}.");
        if (to == CompetitionPhase.Live && d.Contestants.Count == 0)
            throw Refused.Conflict($"Competition {id} has no contestants yet: add them before starting it.");
        var next = d with { Phase = to };
        await store.SaveAsync(next);
        definition = next;
        Changed();
        return View();
    }

    public async Task<SheetRecord> ScoreAsync(string village, IReadOnlyList<KeyValuePair<string, decimal>> given, Caller caller)
    {
        var d = Existing();
        var judge = d.Judges.FirstOrDefault(j => j.Username == caller.Username);
        if (caller.Role != Role.Judge || judge is null)
            throw Refused.Forbidden($"{caller.Username} is not a judge of competition {id}; its judges are {string.Join(", ", d.Judges.Select(j => j.Username))}.");
        var contestant = d.Contestants.FirstOrDefault(c => c.Village == village)
            ?? throw Refused.NotFound($"Village {village} is not a contestant of competition {id}.");
        if (ConflictOfInterest.Exists(judge.Username, judge.Region is null ? null : DivisionCode.Parse(judge.Region), DivisionCode.Parse(village), out var conflict))
            throw Refused.Forbidden($"{conflict}.");
        if (closing) throw Refused.Conflict($"Competition {id} is closing: its scores are final and can no longer be given or changed.");
        if (!d.Phase.AcceptsScores(out var refusal)) throw Refused.Conflict($"Competition {id}: {refusal}.");
        var errors = criteria.Check(given);
        if (errors.Count > 0) throw Refused.Invalid($"The score of {village} ({contestant.Name}) was not taken: {ValidationError.Summary(errors)}.", errors);

        var byCode = given.ToDictionary(g => g.Key, g => g.Value);
        // Milliseconds, as stored: the sheet read back after a restart is the same sheet.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var values = criteria.Items.Select(c => byCode[c.Code]).ToList();
        // A PUT is idempotent: a tablet sending its sheet again (its answer was lost) gets the stored sheet back,
        // and the history keeps one entry. A different sheet is a change, and the later one wins.
        if (latestGiven.TryGetValue((village, judge.Username), out var latest) && latest.Values.SequenceEqual(values) && !latest.Stored.IsFaulted)
            return await latest.Stored;
        var sheet = new StoredSheet(village, judge.Username, at, values);
        var done = new TaskCompletionSource<SheetRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        latestGiven[(village, judge.Username)] = (values, done.Task);
        queue.Add((sheet, done));
        Pump();
        return await done.Task;
    }

    /// <summary>
    /// Starts a write of the queued sheets unless one is on its way: a sheet arriving meanwhile waits for the
    /// next write, with every other sheet that came meanwhile (a group commit). One write at a time: the sheets
    /// of 11 judges then go in a few larger writes, each followed by one board, instead of many small ones
    /// (B8 558–560 sheets/s against 320–464 with four in flight), and writes are applied, and answered, in
    /// the order of their rows, so the history in memory is the history a restart reads.
    /// </summary>
    private void Pump()
    {
        if (storing || queue.Count == 0) return;
        var batch = queue.Take(SheetsPerWrite).ToList();
        queue.RemoveRange(0, batch.Count);
        storing = true;
        writing = WriteAsync(batch, nextWrite++);
    }

    private async Task WriteAsync(List<(StoredSheet Sheet, TaskCompletionSource<SheetRecord> Done)> batch, int sequence)
    {
        Exception? failed = null;
        try
        {
            await store.AppendSheetsAsync(id, sequence, batch.Select(b => b.Sheet).ToList());
        }
        catch (Exception e)
        {
            failed = e;
        }
        storing = false;
        if (failed is null)
        {
            foreach (var b in batch) b.Done.SetResult(Apply(b.Sheet));
            AssessmentMetrics.Scores.Add(batch.Count);
            Changed();
        }
        else
        {
            log.LogWarning(failed, "Competition {Id}: storing {Count} sheets failed; none of them counts", id, batch.Count);
            foreach (var b in batch) b.Done.SetException(failed);
        }
        Pump();
    }

    public Task<CompetitionBoard> GetBoardAsync() => Task.FromResult(CurrentBoard());

    public Task<IReadOnlyList<SheetRecord>> GetScoresAsync(string? judge, Caller caller)
    {
        var d = Existing();
        if (caller.Role == Role.Judge)
        {
            if (judge is not null && judge != caller.Username) throw Refused.Forbidden($"A judge sees its own scores only; ask for judge={caller.Username}.");
            if (d.Judges.All(j => j.Username != caller.Username)) throw Refused.Forbidden($"{caller.Username} is not a judge of competition {id}.");
            judge = caller.Username;
        }
        else RequireOrganizer(caller, "read every judge's scores");
        return Task.FromResult<IReadOnlyList<SheetRecord>>(history.Where(s => judge is null || s.Judge == judge).ToList());
    }

    public Task<FairnessView> GetFairnessAsync()
    {
        var d = Existing();
        var sheets = Sheets();
        var official = CompetitionScoring.Board(d.Phase, criteria, Contestants(d), sheets);
        var report = CompetitionFairness.Report(official, sheets);
        var names = d.Contestants.ToDictionary(c => c.Village, c => c.Name);
        var totals = ScoreSheet.Latest(sheets).GroupBy(s => s.Judge).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new JudgeTotalsView(g.Key, g.ToDictionary(s => s.Village, s => s.Total))).ToList();
        return Task.FromResult(new FairnessView(d.Phase,
            report.Judges.Select(j => new JudgeSpreadView(j.Judge, j.Mean, j.Sd, j.Scored, j.LeftOut)).ToList(),
            report.Contestants.Select(r => new FairnessRowView(r.Village, names.GetValueOrDefault(r.Village, ""), r.Final, r.Rank, r.Normalised, r.NormalisedRank)).ToList(),
            report.Changed, totals));
    }

    public Task<CompetitionBoard> SubscribeAsync(IScoreboardObserver observer)
    {
        watchers.Subscribe(observer, observer);
        return Task.FromResult(CurrentBoard());
    }

    public Task UnsubscribeAsync(IScoreboardObserver observer)
    {
        watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private SheetRecord Apply(StoredSheet s)
    {
        var values = new Dictionary<string, decimal>(criteria.Items.Count);
        for (var i = 0; i < criteria.Items.Count && i < s.Values.Count; i++) values[criteria.Items[i].Code] = s.Values[i];
        DateTimeOffset? replaced = latest.TryGetValue((s.Village, s.Judge), out var before) ? before.At : null;
        var sheet = new ScoreSheet(s.Village, s.Judge, values);
        latest[(s.Village, s.Judge)] = (s.At, sheet);
        var record = new SheetRecord(s.Village, s.Judge, values, sheet.Total, s.At, replaced, history.Count + 1);
        history.Add(record);
        // Loaded at activation, or stored with no later sheet of this judge for this contestant on its way.
        if (!latestGiven.TryGetValue((s.Village, s.Judge), out var given) || given.Stored.IsCompleted)
            latestGiven[(s.Village, s.Judge)] = (s.Values, Task.FromResult(record));
        return record;
    }

    /// <summary>The board changed: drop the cached one and push the new one to every feed.</summary>
    private void Changed()
    {
        board = null;
        if (watchers.Count == 0) return;
        var now = CurrentBoard();
        watchers.Notify(o => o.OnBoardAsync(now));
    }

    private CompetitionBoard CurrentBoard()
    {
        var d = Existing();
        return board ??= Board(d);
    }

    private CompetitionBoard Board(StoredCompetition d)
    {
        var scored = CompetitionScoring.Board(d.Phase, criteria, Contestants(d), latest.Values.Select(l => l.Sheet));
        var names = d.Contestants.ToDictionary(c => c.Village, c => c.Name);
        // Each sheet and each phase change is one change: the count never goes back, so it serves as the event id.
        var version = history.Count + (long)d.Phase;
        return new CompetitionBoard(id, version, d.Phase, scored.Contestants
            .Select(r => new BoardRow(r.Village, names.GetValueOrDefault(r.Village, ""), r.Rank, r.Final, r.Judges, r.ResultsMean, r.UntrimmedMean))
            .ToList());
    }

    private List<ScoreSheet> Sheets() => history.Select(s => new ScoreSheet(s.Village, s.Judge, s.Criteria)).ToList();

    private static IEnumerable<Contestant> Contestants(StoredCompetition d) => d.Contestants.Select(c => new Contestant(c.Village, c.Session, c.Order));

    private static CompetitionCriteria CriteriaOf(StoredCompetition d) =>
        new(d.Criteria.Select(c => new Criterion(c.Code, c.NameZh, c.NameEn, c.Points)), d.TieBreak);

    private StoredCompetition Existing() => definition ?? throw Refused.NotFound($"There is no competition {id}.");

    /// <summary>The organizer: a city or county officer whose region holds the competition's region (or the admin).</summary>
    private void RequireOrganizer(Caller caller, string what)
    {
        var d = Existing();
        if (caller.Role is Role.Admin or Role.City or Role.County && Reaches(caller, DivisionCode.Parse(d.Region))) return;
        throw Refused.Forbidden($"Only the organizer of competition {id} (a city or county officer of {d.Region}) may {what}.");
    }

    private static bool Reaches(Caller caller, DivisionCode region) =>
        caller.Role == Role.Admin || (caller.Role is Role.City or Role.County && caller.Region is { } r && DivisionCode.Parse(r).Contains(region));

    private CompetitionView View()
    {
        var d = Existing();
        return new CompetitionView(d.Id, d.Name, d.Cycle, d.Region, d.Phase,
            d.Criteria.Select(c => new CriterionView(c.Code, c.NameZh, c.NameEn, c.Points)).ToList(), d.TieBreak,
            d.Judges.Select(j => new JudgeSeat(j.Username, j.Region)).ToList(),
            d.Contestants.OrderBy(c => new Contestant(c.Village, c.Session, c.Order), Contestant.RunningOrder)
                .Select(c => new ContestantView(c.Village, c.Name, c.Presenter, c.Session, c.Order)).ToList(),
            d.CreatedBy, d.CreatedAt);
    }
}
