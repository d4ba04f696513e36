namespace Assessment.Domain.Cycles;

/// <summary>Open → Frozen → Computed → (Notice) → Published (domain.md, Cycles).</summary>
public enum CyclePhase
{
    Open,
    Frozen,
    Computed,
    Notice, // 公示: decided tiers shown to the public for noticeDays; skipped when noticeDays is 0
    Published,
}

/// <summary>
/// What runs on a cycle in the background. The phase stays while it runs: Frozen while computing,
/// Computed or Notice while publishing; the work's end moves it (<see cref="CycleSteps.PhaseAfter"/>).
/// </summary>
public enum CycleWork
{
    None,
    Computing,
    Publishing,
}

/// <summary>The tier thresholds of a cycle (defaults of domain.md); compared with the rounded score.</summary>
public sealed record Thresholds(decimal EnterDemonstration = 85, decimal StayDemonstration = 80, decimal EnterExcellence = 70, decimal StayExcellence = 65)
{
    public static Thresholds Default { get; } = new();

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        foreach (var (name, v) in new[] { ("enterDemonstration", EnterDemonstration), ("stayDemonstration", StayDemonstration), ("enterExcellence", EnterExcellence), ("stayExcellence", StayExcellence) })
        {
            if (v is < 0 or > 100) errors.Add(new($"{v} is outside 0–100", Field: $"thresholds.{name}"));
        }
        if (StayDemonstration > EnterDemonstration) errors.Add(new("staying Demonstration cannot need more than entering it", Field: "thresholds.stayDemonstration"));
        if (StayExcellence > EnterExcellence) errors.Add(new("staying Excellence cannot need more than entering it", Field: "thresholds.stayExcellence"));
        if (EnterExcellence >= EnterDemonstration) errors.Add(new("entering Excellence must need less than entering Demonstration", Field: "thresholds.enterExcellence"));
        if (StayExcellence >= StayDemonstration) errors.Add(new("staying Excellence must need less than staying Demonstration", Field: "thresholds.stayExcellence"));
        return errors;
    }
}
