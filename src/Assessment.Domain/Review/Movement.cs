namespace Assessment.Domain.Review;

/// <summary>Which way a village's proposal moves it (domain.md, Tier movements and the province's review).</summary>
public enum Direction
{
    Up,
    Down,
    Initial, // rated for the first time: no previous tier
}

/// <summary>The province's answer to one movement.</summary>
public enum Decision
{
    Approve,  // the proposed tier takes effect
    Reject,   // the village keeps its previous tier
    Override, // another tier, with a required reason
}

/// <summary>A decision as recorded: who decided what, when, and why (for an override).</summary>
public sealed record DecisionRecord(Decision Decision, Tier FinalTier, string? Reason, string User, DateTimeOffset At);

public static class Movements
{
    /// <summary>The movement a proposal makes; null when the village keeps its tier (no decision needed).</summary>
    public static Direction? Of(Tier? previous, Tier proposed) => previous switch
    {
        null => Direction.Initial,
        { } p when proposed > p => Direction.Up,
        { } p when proposed < p => Direction.Down,
        _ => null,
    };

    /// <summary>
    /// Checks a decision and gives the tier it makes final, or why it cannot be taken (a 422, naming
    /// the field): an initial rating has no previous tier to keep, and an override needs a tier and a reason.
    /// </summary>
    public static (Tier? Final, ValidationError? Error) Apply(Tier? previous, Tier proposed, Decision decision, Tier? overrideTier, string? reason) => decision switch
    {
        Decision.Approve => (proposed, null),
        Decision.Reject when previous is null => (null, new("an initial rating has no previous tier to keep: approve it or override it", Field: "decision")),
        Decision.Reject => (previous, null),
        Decision.Override when overrideTier is null => (null, new("an override needs the tier to set", Field: "tier")),
        Decision.Override when string.IsNullOrWhiteSpace(reason) => (null, new("an override needs a reason", Field: "reason")),
        Decision.Override => (overrideTier, null),
        _ => (null, new($"unknown decision {decision}", Field: "decision")),
    };
}
