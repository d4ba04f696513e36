using System.Text.Json;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Review;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Scoring;

namespace Assessment.Host.Api;

// The request and response bodies of /api/cycles (api.md, "Cycles and indicator data").

public sealed record IndicatorBody(
    string? Code, string? NameZh, string? NameEn, string? Category, string? Kind,
    decimal? Floor, decimal? Target, decimal? Weight, decimal? Min, decimal? Max, bool? Whole)
{
    public static IndicatorBody From(Indicator i) => new(i.Code, i.NameZh, i.NameEn, i.Category, i.Kind.ToWire(),
        i.Floor, i.Target, i.Weight, i.Min, i.Max, i.Kind == IndicatorKind.Number ? i.Whole : null);
}

public sealed record CreateCycleBody(string? Id, DateTimeOffset? ClosesAt, Thresholds? Thresholds, List<IndicatorBody>? Catalog, string? Province, int? NoticeDays);

public sealed record CycleCounts(int Villages, int Computed, int Movements, int Decided, int Objections, int OpenObjections);

public sealed record CycleResponse(string Id, string Phase, DateTimeOffset? ClosesAt, Thresholds Thresholds, CycleCounts Counts, string Province, string? Work,
    int NoticeDays, DateTimeOffset? NoticeFrom, DateTimeOffset? NoticeUntil)
{
    public static CycleResponse From(CycleView v) => new(v.Id, v.Phase.ToString(), v.ClosesAt, v.Thresholds,
        new CycleCounts(v.Counts.Villages, v.Counts.Computed, v.Counts.Movements, v.Counts.Decided, v.Objections.Objections, v.Objections.Open), v.Province,
        v.Work == CycleWork.None ? null : v.Work.ToWire(), v.NoticeDays, v.NoticeFrom, v.NoticeUntil);
}

/// <summary>The answer to starting the public notice (公示): the phase and when it runs.</summary>
public sealed record NoticeResponse(string Id, string Phase, DateTimeOffset? NoticeFrom, DateTimeOffset? NoticeUntil);

/// <summary>A region's targets (逐年细化目标任务) as sent and shown; each optional.</summary>
public sealed record TargetBody(decimal? DemonstrationShare, decimal? FoundationShareMax, decimal? MovedUpFromFoundation, decimal? MovedUpFromExcellence)
{
    public Assessment.Domain.Targets.Target ToTarget() => new(DemonstrationShare, FoundationShareMax, MovedUpFromFoundation, MovedUpFromExcellence);
    public static TargetBody From(Assessment.Domain.Targets.Target t) => new(t.DemonstrationShare, t.FoundationShareMax, t.MovedUpFromFoundation, t.MovedUpFromExcellence);
}

public sealed record TargetResponse(string Cycle, string Region, TargetBody Targets);

public sealed record PhaseResponse(string Id, string Phase);

public sealed record IndicatorValuesBody(Dictionary<string, JsonElement>? Values, string? Note);

public sealed record AcceptedResponse(string Village, int Accepted);

public sealed record IndicatorImportResponse(int Rows, int Villages);

public sealed record BreakdownLine(string Indicator, object? Value, decimal Score, decimal Weight, decimal Points);

public sealed record AssessmentResponse(
    string Village, string? PreviousTier, string ProposedTier, decimal Score, decimal Bonus, bool Veto,
    IReadOnlyList<string> Missing, IReadOnlyList<Reason> Reasons, IReadOnlyList<BreakdownLine> Breakdown,
    string? Direction, string? Decision, string? FinalTier)
{
    public static AssessmentResponse From(ReviewedAssessment r)
    {
        var a = r.Assessment;
        return new(a.Village, a.PreviousTier?.ToWire(), a.ProposedTier.ToWire(), a.Score, a.Bonus, a.Veto, a.Missing, a.Reasons,
            a.Breakdown.Select(b => new BreakdownLine(b.Indicator, b.Value is null ? null : IndicatorJson.Of(IndicatorValue.ParseStored(b.Value)), b.Score, b.Weight, b.Points)).ToList(),
            r.Direction?.ToWire(), r.Decision?.Decision.ToWire(), (r.Decision?.FinalTier ?? a.ProposedTier).ToWire());
    }
}

public sealed record MovementResponse(
    string Village, string? PreviousTier, string ProposedTier, decimal Score, IReadOnlyList<Reason> Reasons, string Direction,
    string? Decision, string? FinalTier, string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    public static MovementResponse From(MovementView m) => new(m.Village, m.PreviousTier?.ToWire(), m.ProposedTier.ToWire(), m.Score, m.Reasons,
        m.Direction.ToWire(), m.Decision?.Decision.ToWire(), m.Decision?.FinalTier.ToWire(),
        m.Decision?.Reason, m.Decision?.User, m.Decision?.At);
}

public sealed record DecisionBody(string? Decision, string? Tier, string? Reason);

public sealed record BulkDecisionBody(string? Decision, string? Region, string? Direction);

public sealed record BulkDecisionResponse(int Decided, int Skipped);

public sealed record SimulateBody(Thresholds? Thresholds);

public sealed record TierNumbers(int Demonstration, int Excellence, int Foundation);

public sealed record SimulationResponse(int Up, int Down, int Initial, int Unchanged, TierNumbers Tiers);

/// <summary>An indicator value as JSON: a number or true/false.</summary>
public static class IndicatorJson
{
    public static object Of(IndicatorValue value) => value.Number is { } n ? n : value.Flag!.Value;
}
