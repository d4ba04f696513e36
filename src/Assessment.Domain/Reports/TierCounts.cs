using Assessment.Domain.Scoring;

namespace Assessment.Domain.Reports;

/// <summary>How many villages of a region are in each tier, and the shares (fractions, four decimals).</summary>
public sealed record TierCounts(int Demonstration, int Excellence, int Foundation)
{
    public static TierCounts Zero { get; } = new(0, 0, 0);

    public int Total => Demonstration + Excellence + Foundation;

    public int this[Tier tier] => tier switch
    {
        Tier.Demonstration => Demonstration,
        Tier.Excellence => Excellence,
        _ => Foundation,
    };

    public TierCounts Add(Tier tier) => tier switch
    {
        Tier.Demonstration => this with { Demonstration = Demonstration + 1 },
        Tier.Excellence => this with { Excellence = Excellence + 1 },
        _ => this with { Foundation = Foundation + 1 },
    };

    public static TierCounts operator +(TierCounts a, TierCounts b) =>
        new(a.Demonstration + b.Demonstration, a.Excellence + b.Excellence, a.Foundation + b.Foundation);

    /// <summary>The tier's share of the villages, rounded half away from zero to four decimals; 0 when there are none.</summary>
    public decimal Share(Tier tier) => Total == 0 ? 0m : IndicatorScoring.Round((decimal)this[tier] / Total, 4);

    public static TierCounts Of(IEnumerable<Tier> tiers) => tiers.Aggregate(Zero, (c, t) => c.Add(t));
}
