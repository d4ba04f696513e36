using System.Text.Json;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Review;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assessment.Host.Api;

public sealed record BreakdownLine(string Indicator, object? Value, decimal Score, decimal Weight, decimal Points);
public sealed record AssessmentResponse(
    string Village, string? PreviousTier, string ProposedTier, decimal Score, decimal Bonus, bool Veto,
    IReadOnlyList<string> Missing, IReadOnlyList<Reason> Reasons, IReadOnlyList<BreakdownLine> Breakdown,
    string? Direction, string? Decision, string? FinalTier);
public sealed record MovementResponse(
    string Village, string? PreviousTier, string ProposedTier, decimal Score, IReadOnlyList<Reason> Reasons, string Direction,
    string? Decision, string? FinalTier, string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    public static MovementResponse From(MovementView m) => new(m.Village, m.PreviousTier?.ToWire(), m.ProposedTier.ToWire(), m.Score, m.Reasons,
        m.Direction.ToString().ToLowerInvariant(), m.Decision?.Decision.ToString().ToLowerInvariant(), m.Decision?.FinalTier.ToWire(),
        m.Decision?.Reason, m.Decision?.User, m.Decision?.At);
}
public sealed record DecisionBody(string? Decision, string? Tier, string? Reason);
public sealed record BulkDecisionBody(string? Decision, string? Region, string? Direction);
public sealed record BulkDecisionResponse(int Decided, int Skipped);
public sealed record SimulateBody(Thresholds? Thresholds);
public sealed record TierNumbers(int Demonstration, int Excellence, int Foundation);
public sealed record SimulationResponse(int Up, int Down, int Initial, int Unchanged, TierNumbers Tiers);

/// <summary>
/// The yearly re-rating (domain.md, Scoring; Tier movements and the province's review): compute,
/// each village's assessment, the movements and the province's decisions, simulate and publish.
/// </summary>
public static class ReviewApi
{
    /// <summary>How long POST publish waits for the counties before answering 202 (publishing goes on).</summary>
    private static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(20);

    public static void MapReviewApi(this WebApplication app)
    {
        var cycles = app.MapGroup("/api/cycles/{id}");

        cycles.MapPost("/compute", async Task<Results<Accepted<CycleResponse>, ProblemHttpResult>> (string id, HttpContext http, IGrainFactory grains, RegionStore regions, CancellationToken ct) =>
        {
            var grain = grains.GetGrain<ICycleGrain>(id);
            if (await grain.GetAsync() is not { } cycle) return CyclesApi.NoCycle(id);
            if (CyclesApi.OutsideProvince(http.Actor(), cycle) is { } outside) return outside;
            var province = cycle.Province == "" ? await CyclesApi.ProvinceOfAsync(null, http.Actor(), regions, [], ct) : null;
            var change = await grain.ComputeAsync(http.Actor().Username, province is "" ? null : province);
            if (change.Conflict is not null) return Problems.Conflict(change.Conflict);
            return TypedResults.Accepted($"/api/cycles/{id}", CycleResponse.From(change.Cycle!));
        }).RequireRoles(Role.Province, Role.Admin);

        cycles.MapGet("/villages/{code}/assessment", async Task<Results<Ok<AssessmentResponse>, ProblemHttpResult>> (string id, string code, IGrainFactory grains) =>
        {
            var village = DivisionCode.Parse(code);
            if (village.Level != RegionLevel.Village) return Problems.NotFound($"{code} is a {village.Level.ToWire()}, not a village.");
            var (cycle, problem) = await ComputedCycleAsync(grains, id);
            if (problem is not null) return problem;
            var r = await County(grains, id, village).GetAsync(code);
            if (r is null) return Problems.NotFound($"Village {code} was not rated in cycle {id}{(DivisionCode.Parse(cycle!.Province).Contains(village) ? "" : $": it is not in province {cycle.Province}")}.");
            var a = r.Assessment;
            return TypedResults.Ok(new AssessmentResponse(a.Village, a.PreviousTier?.ToWire(), a.ProposedTier.ToWire(), a.Score, a.Bonus, a.Veto, a.Missing, a.Reasons,
                a.Breakdown.Select(b => new BreakdownLine(b.Indicator, b.Value is null ? null : VillagesApi.ToJson(b.Value), b.Score, b.Weight, b.Points)).ToList(),
                r.Direction?.ToString().ToLowerInvariant(), r.Decision?.Decision.ToString().ToLowerInvariant(), (r.Decision?.FinalTier ?? a.ProposedTier).ToWire()));
        }).RequireScope("code");

        cycles.MapGet("/movements", async Task<Results<Ok<Page<MovementResponse>>, ProblemHttpResult>> (
            string id, string? region, string? direction, bool? decided, int? limit, string? after, HttpContext http, IGrainFactory grains) =>
        {
            if (!Paging.TryRead(limit, after, out var size, out var afterVillage, out var error)) return Problems.Invalid(error!.Message, [error]);
            if (afterVillage is not null && !DivisionCode.IsValid(afterVillage)) return Problems.BadRequest("'after' is not a cursor this list gave out.", "after");
            if (!TryDirection(direction, out var dir)) return Problems.BadRequest($"'{direction}' is not a direction; use up, down or initial.", "direction");
            var (cycle, problem) = await ComputedCycleAsync(grains, id);
            if (problem is not null) return problem;
            var scope = region is null ? http.Actor().Region ?? DivisionCode.Parse(cycle!.Province) : DivisionCode.Parse(region);
            var filter = new MovementFilter(scope.Level > RegionLevel.County ? scope.Prefix : null, dir, decided);

            var items = new List<MovementView>(size);
            foreach (var county in CountiesOf(cycle!, scope).Where(c => afterVillage is null || string.CompareOrdinal(c, afterVillage[..6]) >= 0))
            {
                items.AddRange(await County(grains, id, county).ListAsync(filter, afterVillage, size + 1 - items.Count));
                if (items.Count > size) break;
            }
            var next = items.Count > size ? items[size - 1].Village : null;
            return TypedResults.Ok(new Page<MovementResponse>(items.Take(size).Select(MovementResponse.From).ToList(), Paging.Cursor(next)));
        }).RequireRoles(Role.Province, Role.City, Role.County, Role.Admin).RequireScope("region", optional: true);

        cycles.MapPost("/movements/{village}/decision", async Task<Results<Ok<MovementResponse>, ProblemHttpResult>> (
            string id, string village, DecisionBody body, HttpContext http, IGrainFactory grains) =>
        {
            var code = DivisionCode.Parse(village);
            var errors = new List<ValidationError>();
            if (!TryDecision(body.Decision, out var decision)) errors.Add(new($"'{body.Decision}' is not a decision; use approve, reject or override", Field: "decision"));
            Tier? tier = null;
            if (body.Tier is not null)
            {
                if (Tiers.TryParse(body.Tier, out var t)) tier = t;
                else errors.Add(new($"'{body.Tier}' is not a tier; use demonstration, excellence or foundation", Field: "tier"));
            }
            if (errors.Count > 0) return Problems.Invalid("The decision was not taken.", errors);
            var (cycle, problem) = await DecidableCycleAsync(grains, id);
            if (problem is not null) return problem;
            if (CyclesApi.OutsideProvince(http.Actor(), cycle!) is { } outside) return outside;

            var county = County(grains, id, code);
            var outcome = await county.DecideAsync(new DecisionOrder(village, decision, tier, body.Reason, http.Actor().Username));
            return outcome.Status switch
            {
                200 => await Reported(grains, id, code, outcome.Tally, TypedResults.Ok(MovementResponse.From(outcome.Movement!))),
                404 => Problems.NotFound(outcome.Error!),
                409 => Problems.Conflict(outcome.Error!),
                _ => Problems.Invalid($"The decision on village {village} was not taken: {outcome.Error}.",
                    [new(outcome.Error!, Field: outcome.Error!.Contains("reason") ? "reason" : outcome.Error.Contains("tier") ? "tier" : "decision")]),
            };
        }).RequireRoles(Role.Province, Role.Admin).RequireScope("village");

        cycles.MapPost("/movements:decide", async Task<Results<Ok<BulkDecisionResponse>, ProblemHttpResult>> (
            string id, BulkDecisionBody body, HttpContext http, IGrainFactory grains) =>
        {
            var errors = new List<ValidationError>();
            if (!TryDecision(body.Decision, out var decision) || decision == Decision.Override)
                errors.Add(new($"'{body.Decision}' cannot be decided in bulk; use approve or reject (an override is one village at a time, with its reason)", Field: "decision"));
            if (!TryDirection(body.Direction, out var dir)) errors.Add(new($"'{body.Direction}' is not a direction; use up, down or initial", Field: "direction"));
            DivisionCode? region = null;
            if (body.Region is not null)
            {
                if (DivisionCode.TryParse(body.Region, out var r, out var reason)) region = r;
                else errors.Add(new(reason!, Field: "region"));
            }
            if (errors.Count > 0) return Problems.Invalid("Nothing was decided.", errors);
            if (region is { } scope && !http.Actor().Reaches(scope)) return Problems.Forbidden($"{scope} lies outside your region {http.Actor().Region}.");
            var (cycle, problem) = await DecidableCycleAsync(grains, id);
            if (problem is not null) return problem;
            if (CyclesApi.OutsideProvince(http.Actor(), cycle!) is { } outside) return outside;

            var within = region ?? DivisionCode.Parse(cycle!.Province);
            var filter = new MovementFilter(within.Level > RegionLevel.County ? within.Prefix : null, dir, false);
            var counties = CountiesOf(cycle!, within).ToList();
            var outcomes = await CountyFanOut.EachAsync(counties, c => County(grains, id, c).DecideAllAsync(decision, filter, http.Actor().Username));
            await grains.GetGrain<ICycleGrain>(id).ReportTalliesAsync(counties.Zip(outcomes).ToDictionary(o => o.First, o => o.Second.Tally));
            if (outcomes.FirstOrDefault(o => o.Conflict is not null) is { Conflict: { } conflict }) return Problems.Conflict(conflict);
            return TypedResults.Ok(new BulkDecisionResponse(outcomes.Sum(o => o.Decided), outcomes.Sum(o => o.Skipped)));
        }).RequireRoles(Role.Province, Role.Admin);

        cycles.MapPost("/simulate", async Task<Results<Ok<SimulationResponse>, ProblemHttpResult>> (string id, SimulateBody body, HttpContext http, IGrainFactory grains) =>
        {
            if (body.Thresholds is null) return Problems.Invalid("Send the thresholds to try.", [new("thresholds are required", Field: "thresholds")]);
            var invalid = body.Thresholds.Validate();
            if (invalid.Count > 0) return Problems.Invalid("These thresholds cannot be used.", invalid);
            var (cycle, problem) = await ComputedCycleAsync(grains, id);
            if (problem is not null) return problem;
            if (CyclesApi.OutsideProvince(http.Actor(), cycle!) is { } outside) return outside;
            var tallies = await CountyFanOut.EachAsync(cycle!.Counties, c => County(grains, id, c).SimulateAsync(body.Thresholds));
            var t = tallies.Aggregate(SimulationTally.Zero, (a, b) => a + b);
            return TypedResults.Ok(new SimulationResponse(t.Up, t.Down, t.Initial, t.Unchanged, new TierNumbers(t.Demonstration, t.Excellence, t.Foundation)));
        }).RequireRoles(Role.Province, Role.Admin);

        cycles.MapPost("/publish", async Task<Results<Ok<PhaseResponse>, Accepted<PhaseResponse>, ProblemHttpResult>> (string id, HttpContext http, IGrainFactory grains, CancellationToken ct) =>
        {
            var grain = grains.GetGrain<ICycleGrain>(id);
            if (await grain.GetAsync() is not { } cycle) return CyclesApi.NoCycle(id);
            if (CyclesApi.OutsideProvince(http.Actor(), cycle) is { } outside) return outside;
            var change = await grain.PublishAsync(http.Actor().Username);
            if (change.Conflict is not null)
            {
                return Problems.Conflict(change.Conflict, change.Undecided?.Select(m =>
                    new ValidationError($"village {m.Village}: {m.Direction.ToString().ToLowerInvariant()} {m.PreviousTier?.ToWire() ?? "(none)"} → {m.ProposedTier.ToWire()} is undecided", Field: "village")));
            }
            // Publishing runs county by county in the cycle grain; wait a while for it so that a
            // province of ordinary size gets its answer in one request.
            var deadline = DateTimeOffset.UtcNow + PublishWait;
            var view = change.Cycle!;
            while (view.Phase != CyclePhase.Published && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
                view = (await grain.GetAsync())!;
            }
            return view.Phase == CyclePhase.Published
                ? TypedResults.Ok(new PhaseResponse(id, view.Phase.ToString()))
                : TypedResults.Accepted($"/api/cycles/{id}", new PhaseResponse(id, view.Phase.ToString()));
        }).RequireRoles(Role.Province, Role.Admin);
    }

    private static ICountyAssessmentGrain County(IGrainFactory grains, string cycle, DivisionCode village) =>
        County(grains, cycle, village.County!.Value.Value);

    private static ICountyAssessmentGrain County(IGrainFactory grains, string cycle, string county) =>
        grains.GetGrain<ICountyAssessmentGrain>(ICountyAssessmentGrain.Key(cycle, county));

    /// <summary>The cycle's counties that lie in, or contain, <paramref name="region"/>.</summary>
    private static IEnumerable<string> CountiesOf(CycleView cycle, DivisionCode region) =>
        cycle.Counties.Where(c => region.Level <= RegionLevel.County ? region.Contains(DivisionCode.Parse(c)) : region.County!.Value.Value == c);

    private static async Task<(CycleView? Cycle, ProblemHttpResult? Problem)> ComputedCycleAsync(IGrainFactory grains, string id)
    {
        var cycle = await grains.GetGrain<ICycleGrain>(id).GetAsync();
        if (cycle is null) return (null, CyclesApi.NoCycle(id));
        if (cycle.Phase is CyclePhase.Computed or CyclePhase.Published) return (cycle, null);
        var why = cycle.Work == CycleWork.Computing ? $"it is being computed ({cycle.Counts.Computed:N0} of {cycle.Counts.Villages:N0} villages)" : $"it is {cycle.Phase}";
        return (null, Problems.Conflict($"Cycle {id} has no proposals: {why}."));
    }

    private static async Task<(CycleView? Cycle, ProblemHttpResult? Problem)> DecidableCycleAsync(IGrainFactory grains, string id)
    {
        var (cycle, problem) = await ComputedCycleAsync(grains, id);
        if (problem is not null) return (null, problem);
        if (cycle!.Phase == CyclePhase.Published || cycle.Work == CycleWork.Publishing)
            return (null, Problems.Conflict($"Cycle {id} is {(cycle.Work == CycleWork.Publishing ? "being published" : "published")}: its decisions never change."));
        return (cycle, null);
    }

    private static async Task<TResult> Reported<TResult>(IGrainFactory grains, string cycle, DivisionCode village, CountyTally tally, TResult result)
    {
        await grains.GetGrain<ICycleGrain>(cycle).ReportTalliesAsync(new Dictionary<string, CountyTally> { [village.County!.Value.Value] = tally });
        return result;
    }

    private static bool TryDecision(string? text, out Decision decision) => Words.TryParse(text, out decision);

    private static bool TryDirection(string? text, out Direction? direction)
    {
        direction = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!Words.TryParse<Direction>(text, out var d)) return false;
        direction = d;
        return true;
    }
}
