using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Reports;
using Assessment.Domain.Review;
using Assessment.Domain.Scoring;

namespace Assessment.Abstractions;

// The domain project stays free of Orleans, so the wire format of its records that cross grain
// calls is declared here, field by field with stable ids: a surrogate and a converter per record
// (Orleans' pattern for types it does not own). Adding a field later means adding an id.

[GenerateSerializer]
public struct ValidationErrorSurrogate
{
    [Id(0)] public string Message;
    [Id(1)] public int? Row;
    [Id(2)] public string? Column;
    [Id(3)] public string? Field;
}

[RegisterConverter]
public sealed class ValidationErrorConverter : IConverter<ValidationError, ValidationErrorSurrogate>
{
    public ValidationError ConvertFromSurrogate(in ValidationErrorSurrogate s) => new(s.Message, s.Row, s.Column, s.Field);
    public ValidationErrorSurrogate ConvertToSurrogate(in ValidationError v) => new() { Message = v.Message, Row = v.Row, Column = v.Column, Field = v.Field };
}

[GenerateSerializer]
public struct IndicatorValueSurrogate
{
    [Id(0)] public decimal? Number;
    [Id(1)] public bool? Flag;
}

[RegisterConverter]
public sealed class IndicatorValueConverter : IConverter<IndicatorValue, IndicatorValueSurrogate>
{
    public IndicatorValue ConvertFromSurrogate(in IndicatorValueSurrogate s) => s.Number is { } n ? IndicatorValue.Of(n) : IndicatorValue.Of(s.Flag ?? false);
    public IndicatorValueSurrogate ConvertToSurrogate(in IndicatorValue v) => new() { Number = v.Number, Flag = v.Flag };
}

[GenerateSerializer]
public struct IndicatorSurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string NameZh;
    [Id(2)] public string NameEn;
    [Id(3)] public string Category;
    [Id(4)] public IndicatorKind Kind;
    [Id(5)] public decimal Weight;
    [Id(6)] public decimal? Floor;
    [Id(7)] public decimal? Target;
    [Id(8)] public decimal? Min;
    [Id(9)] public decimal? Max;
    [Id(10)] public bool Whole;
}

[RegisterConverter]
public sealed class IndicatorConverter : IConverter<Indicator, IndicatorSurrogate>
{
    public Indicator ConvertFromSurrogate(in IndicatorSurrogate s) => new(s.Code, s.NameZh, s.NameEn, s.Category, s.Kind, s.Weight, s.Floor, s.Target, s.Min, s.Max, s.Whole);
    public IndicatorSurrogate ConvertToSurrogate(in Indicator i) => new()
    {
        Code = i.Code, NameZh = i.NameZh, NameEn = i.NameEn, Category = i.Category, Kind = i.Kind, Weight = i.Weight,
        Floor = i.Floor, Target = i.Target, Min = i.Min, Max = i.Max, Whole = i.Whole,
    };
}

[GenerateSerializer]
public struct ThresholdsSurrogate
{
    [Id(0)] public decimal EnterDemonstration;
    [Id(1)] public decimal StayDemonstration;
    [Id(2)] public decimal EnterExcellence;
    [Id(3)] public decimal StayExcellence;
}

[RegisterConverter]
public sealed class ThresholdsConverter : IConverter<Thresholds, ThresholdsSurrogate>
{
    public Thresholds ConvertFromSurrogate(in ThresholdsSurrogate s) => new(s.EnterDemonstration, s.StayDemonstration, s.EnterExcellence, s.StayExcellence);
    public ThresholdsSurrogate ConvertToSurrogate(in Thresholds t) => new()
    {
        EnterDemonstration = t.EnterDemonstration, StayDemonstration = t.StayDemonstration, EnterExcellence = t.EnterExcellence, StayExcellence = t.StayExcellence,
    };
}

[GenerateSerializer]
public struct ReasonSurrogate
{
    [Id(0)] public string Zh;
    [Id(1)] public string En;
}

[RegisterConverter]
public sealed class ReasonConverter : IConverter<Reason, ReasonSurrogate>
{
    public Reason ConvertFromSurrogate(in ReasonSurrogate s) => new(s.Zh, s.En);
    public ReasonSurrogate ConvertToSurrogate(in Reason r) => new() { Zh = r.Zh, En = r.En };
}

[GenerateSerializer]
public struct IndicatorPointsSurrogate
{
    [Id(0)] public string Indicator;
    [Id(1)] public string? Value;
    [Id(2)] public decimal Score;
    [Id(3)] public decimal Weight;
    [Id(4)] public decimal Points;
}

[RegisterConverter]
public sealed class IndicatorPointsConverter : IConverter<IndicatorPoints, IndicatorPointsSurrogate>
{
    public IndicatorPoints ConvertFromSurrogate(in IndicatorPointsSurrogate s) => new(s.Indicator, s.Value, s.Score, s.Weight, s.Points);
    public IndicatorPointsSurrogate ConvertToSurrogate(in IndicatorPoints p) => new() { Indicator = p.Indicator, Value = p.Value, Score = p.Score, Weight = p.Weight, Points = p.Points };
}

[GenerateSerializer]
public struct VillageAssessmentSurrogate
{
    [Id(0)] public string Village;
    [Id(1)] public Tier? PreviousTier;
    [Id(2)] public Tier ProposedTier;
    [Id(3)] public decimal Score;
    [Id(4)] public decimal Bonus;
    [Id(5)] public bool Veto;
    [Id(6)] public IReadOnlyList<string> Missing;
    [Id(7)] public IReadOnlyList<Reason> Reasons;
    [Id(8)] public IReadOnlyList<IndicatorPoints> Breakdown;
    [Id(9)] public int MajorOpenProblems;
}

[RegisterConverter]
public sealed class VillageAssessmentConverter : IConverter<VillageAssessment, VillageAssessmentSurrogate>
{
    public VillageAssessment ConvertFromSurrogate(in VillageAssessmentSurrogate s) =>
        new(s.Village, s.PreviousTier, s.ProposedTier, s.Score, s.Bonus, s.Veto, s.Missing, s.Reasons, s.Breakdown, s.MajorOpenProblems);

    public VillageAssessmentSurrogate ConvertToSurrogate(in VillageAssessment a) => new()
    {
        Village = a.Village, PreviousTier = a.PreviousTier, ProposedTier = a.ProposedTier, Score = a.Score, Bonus = a.Bonus, Veto = a.Veto,
        Missing = a.Missing, Reasons = a.Reasons, Breakdown = a.Breakdown, MajorOpenProblems = a.MajorOpenProblems,
    };
}

[GenerateSerializer]
public struct DecisionRecordSurrogate
{
    [Id(0)] public Decision Decision;
    [Id(1)] public Tier FinalTier;
    [Id(2)] public string? Reason;
    [Id(3)] public string User;
    [Id(4)] public DateTimeOffset At;
}

[RegisterConverter]
public sealed class DecisionRecordConverter : IConverter<DecisionRecord, DecisionRecordSurrogate>
{
    public DecisionRecord ConvertFromSurrogate(in DecisionRecordSurrogate s) => new(s.Decision, s.FinalTier, s.Reason, s.User, s.At);
    public DecisionRecordSurrogate ConvertToSurrogate(in DecisionRecord d) => new() { Decision = d.Decision, FinalTier = d.FinalTier, Reason = d.Reason, User = d.User, At = d.At };
}

[GenerateSerializer]
public struct TierCountsSurrogate
{
    [Id(0)] public int Demonstration;
    [Id(1)] public int Excellence;
    [Id(2)] public int Foundation;
}

[RegisterConverter]
public sealed class TierCountsConverter : IConverter<TierCounts, TierCountsSurrogate>
{
    public TierCounts ConvertFromSurrogate(in TierCountsSurrogate s) => new(s.Demonstration, s.Excellence, s.Foundation);
    public TierCountsSurrogate ConvertToSurrogate(in TierCounts t) => new() { Demonstration = t.Demonstration, Excellence = t.Excellence, Foundation = t.Foundation };
}

[GenerateSerializer]
public struct PlanSummarySurrogate
{
    [Id(0)] public int Years;
    [Id(1)] public int MovedUpFromFoundation;
    [Id(2)] public int MovedUpFromExcellence;
    [Id(3)] public TierCounts First;
    [Id(4)] public TierCounts Last;
}

[RegisterConverter]
public sealed class PlanSummaryConverter : IConverter<PlanSummary, PlanSummarySurrogate>
{
    public PlanSummary ConvertFromSurrogate(in PlanSummarySurrogate s) => new(s.Years, s.MovedUpFromFoundation, s.MovedUpFromExcellence, s.First, s.Last);
    public PlanSummarySurrogate ConvertToSurrogate(in PlanSummary p) => new()
    {
        Years = p.Years, MovedUpFromFoundation = p.MovedUpFromFoundation, MovedUpFromExcellence = p.MovedUpFromExcellence, First = p.First, Last = p.Last,
    };
}

[GenerateSerializer]
public struct TargetSurrogate
{
    [Id(0)] public decimal? DemonstrationShare;
    [Id(1)] public decimal? FoundationShareMax;
    [Id(2)] public decimal? MovedUpFromFoundation;
    [Id(3)] public decimal? MovedUpFromExcellence;
}

[RegisterConverter]
public sealed class TargetConverter : IConverter<Assessment.Domain.Targets.Target, TargetSurrogate>
{
    public Assessment.Domain.Targets.Target ConvertFromSurrogate(in TargetSurrogate s) =>
        new(s.DemonstrationShare, s.FoundationShareMax, s.MovedUpFromFoundation, s.MovedUpFromExcellence);
    public TargetSurrogate ConvertToSurrogate(in Assessment.Domain.Targets.Target t) => new()
    {
        DemonstrationShare = t.DemonstrationShare, FoundationShareMax = t.FoundationShareMax,
        MovedUpFromFoundation = t.MovedUpFromFoundation, MovedUpFromExcellence = t.MovedUpFromExcellence,
    };
}

[GenerateSerializer]
public struct TargetActualSurrogate
{
    [Id(0)] public TierCounts Tiers;
    [Id(1)] public int MovedUpFromFoundation;
    [Id(2)] public int MovedUpFromExcellence;
}

[RegisterConverter]
public sealed class TargetActualConverter : IConverter<Assessment.Domain.Targets.TargetActual, TargetActualSurrogate>
{
    public Assessment.Domain.Targets.TargetActual ConvertFromSurrogate(in TargetActualSurrogate s) => new(s.Tiers, s.MovedUpFromFoundation, s.MovedUpFromExcellence);
    public TargetActualSurrogate ConvertToSurrogate(in Assessment.Domain.Targets.TargetActual a) => new()
    {
        Tiers = a.Tiers, MovedUpFromFoundation = a.MovedUpFromFoundation, MovedUpFromExcellence = a.MovedUpFromExcellence,
    };
}

[GenerateSerializer]
public struct ObjectionInputSurrogate
{
    [Id(0)] public string? Village;
    [Id(1)] public string? Text;
    [Id(2)] public string? Contact;
}

[RegisterConverter]
public sealed class ObjectionInputConverter : IConverter<Assessment.Domain.Notice.ObjectionInput, ObjectionInputSurrogate>
{
    public Assessment.Domain.Notice.ObjectionInput ConvertFromSurrogate(in ObjectionInputSurrogate s) => new(s.Village, s.Text, s.Contact);
    public ObjectionInputSurrogate ConvertToSurrogate(in Assessment.Domain.Notice.ObjectionInput i) => new() { Village = i.Village, Text = i.Text, Contact = i.Contact };
}

[GenerateSerializer]
public struct ResolutionInputSurrogate
{
    [Id(0)] public string? Outcome;
    [Id(1)] public string? Reason;
    [Id(2)] public string? Tier;
}

[RegisterConverter]
public sealed class ResolutionInputConverter : IConverter<Assessment.Domain.Notice.ResolutionInput, ResolutionInputSurrogate>
{
    public Assessment.Domain.Notice.ResolutionInput ConvertFromSurrogate(in ResolutionInputSurrogate s) => new(s.Outcome, s.Reason, s.Tier);
    public ResolutionInputSurrogate ConvertToSurrogate(in Assessment.Domain.Notice.ResolutionInput i) => new() { Outcome = i.Outcome, Reason = i.Reason, Tier = i.Tier };
}

[GenerateSerializer]
public struct MajorProblemHoldSurrogate
{
    [Id(0)] public string Problem;
    [Id(1)] public DateOnly Deadline;
}

[RegisterConverter]
public sealed class MajorProblemHoldConverter : IConverter<MajorProblemHold, MajorProblemHoldSurrogate>
{
    public MajorProblemHold ConvertFromSurrogate(in MajorProblemHoldSurrogate s) => new(s.Problem, s.Deadline);
    public MajorProblemHoldSurrogate ConvertToSurrogate(in MajorProblemHold h) => new() { Problem = h.Problem, Deadline = h.Deadline };
}

/// <summary>A table read from an XLSX upload by the host, handed to the ledger as the CSV reader would have read it.</summary>
[GenerateSerializer]
public struct CsvTableSurrogate
{
    [Id(0)] public IReadOnlyList<string> Header;
    [Id(1)] public IReadOnlyList<int> Numbers;
    [Id(2)] public IReadOnlyList<IReadOnlyList<string>> Cells;
}

[RegisterConverter]
public sealed class CsvTableConverter : IConverter<Assessment.Domain.Csv.CsvTable, CsvTableSurrogate>
{
    public Assessment.Domain.Csv.CsvTable ConvertFromSurrogate(in CsvTableSurrogate s)
    {
        var rows = new List<Assessment.Domain.Csv.CsvRow>(s.Numbers.Count);
        for (var i = 0; i < s.Numbers.Count; i++) rows.Add(new(s.Numbers[i], s.Cells[i]));
        return new(s.Header, rows);
    }

    public CsvTableSurrogate ConvertToSurrogate(in Assessment.Domain.Csv.CsvTable t) => new()
    {
        Header = t.Header,
        Numbers = t.Rows.Select(r => r.Number).ToList(),
        Cells = t.Rows.Select(r => r.Cells).ToList(),
    };
}
