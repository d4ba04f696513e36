namespace Assessment.Domain;

/// <summary>The three tiers; the numeric value is the rank (3 = top).</summary>
public enum Tier
{
    Foundation = 1,    // 强基: problem rectification
    Excellence = 2,    // 创优: on-stage competitions
    Demonstration = 3, // 示范: benchmarking
}

public static class Tiers
{
    public static string Chinese(this Tier tier) => tier switch
    {
        Tier.Demonstration => "示范",
        Tier.Excellence => "创优",
        _ => "强基",
    };

    public static bool TryParse(string? text, out Tier tier) => Words.TryParse(text, out tier);
}
