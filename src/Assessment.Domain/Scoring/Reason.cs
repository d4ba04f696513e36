namespace Assessment.Domain.Scoring;

/// <summary>One sentence of why a village got its proposal, in Chinese with English alongside.</summary>
public sealed record Reason(string Zh, string En)
{
    public override string ToString() => En;
}
