using System.Globalization;
using Assessment.Domain.Cycles;

namespace Assessment.Domain.Scoring;

/// <summary>What the tier rule needs of a village besides its score.</summary>
/// <param name="Previous">Its tier after the last published cycle; null when never rated.</param>
/// <param name="VetoedBy">The veto indicators that are true (一票否决), by Chinese name.</param>
/// <param name="MajorOpenProblems">Open (not verified) problems of severity major.</param>
/// <param name="HeldBy">Those problems by id and deadline, when known, so that a hold names them (counted when given).</param>
public sealed record TierInputs(Tier? Previous, decimal Score, IReadOnlyList<string> VetoedBy, int MajorOpenProblems = 0, IReadOnlyList<MajorProblemHold>? HeldBy = null)
{
    public bool Veto => VetoedBy.Count > 0;

    public int MajorProblems => HeldBy?.Count ?? MajorOpenProblems;
}

/// <summary>A major problem not yet verified (rule 4): which one, and by when it must be fixed.</summary>
public sealed record MajorProblemHold(string Problem, DateOnly Deadline)
{
    public string Deadline10 => Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The proposed tier (domain.md, Scoring and the proposed tier, rules 1–4) and why.</summary>
public static class TierRule
{
    public static Tier Propose(TierInputs village, Thresholds thresholds) => Explain(village, thresholds).Tier;

    public static (Tier Tier, IReadOnlyList<Reason> Reasons) Explain(TierInputs v, Thresholds t)
    {
        var p = v.Previous;
        var reasons = new List<Reason>();

        // 1. A veto rates the village Foundation, whatever its score.
        if (v.Veto)
        {
            var names = string.Join("、", v.VetoedBy);
            reasons.Add(new($"一票否决（{names}）：{Outcome.Zh(p, Tier.Foundation)}", $"veto ({names}): {Outcome.En(p, Tier.Foundation)}"));
            return (Tier.Foundation, reasons);
        }

        // 2. The bands, with hysteresis: a village already in a tier keeps it at a lower score.
        var s = v.Score;
        var (band, zh, en) =
            s >= t.EnterDemonstration ? (Tier.Demonstration, $"得分 {F(s)} ≥ {T(t.EnterDemonstration)}", $"score {F(s)} ≥ {T(t.EnterDemonstration)}") :
            p == Tier.Demonstration && s >= t.StayDemonstration ? (Tier.Demonstration, $"得分 {F(s)} ≥ {T(t.StayDemonstration)}（示范保持线）", $"score {F(s)} ≥ {T(t.StayDemonstration)} to stay 示范") :
            s >= t.EnterExcellence ? (Tier.Excellence, $"得分 {F(s)} < {T(Upper(p, t))}，≥ {T(t.EnterExcellence)}", $"score {F(s)} < {T(Upper(p, t))}, ≥ {T(t.EnterExcellence)}") :
            p is Tier.Demonstration or Tier.Excellence && s >= t.StayExcellence ? (Tier.Excellence, $"得分 {F(s)} < {T(t.EnterExcellence)}，≥ {T(t.StayExcellence)}（创优保持线）", $"score {F(s)} < {T(t.EnterExcellence)}, ≥ {T(t.StayExcellence)} to stay 创优") :
            (Tier.Foundation, $"得分 {F(s)} < {T(Lower(p, t))}", $"score {F(s)} < {T(Lower(p, t))}");
        zh += "，无否决项";
        en += ", no veto";

        // 3. Up at most one tier per cycle (down is not limited).
        var capped = p is { } prev && band > prev + 1 ? prev + 1 : band;
        // 4. A Foundation village with an open major problem stays Foundation.
        var held = p == Tier.Foundation && v.MajorProblems > 0 && capped > Tier.Foundation;
        var tier = held ? Tier.Foundation : capped;

        if (tier == band)
        {
            reasons.Add(new($"{zh}：{Outcome.Zh(p, tier)}", $"{en}: {Outcome.En(p, tier)}"));
            return (tier, reasons);
        }
        reasons.Add(new($"{zh}：可达{band.Chinese()}", $"{en}: would reach {band.Chinese()}"));
        if (capped != band)
            reasons.Add(new($"每个周期最多晋升一档：{Outcome.Zh(p, capped)}", $"a village moves up at most one tier per cycle: {Outcome.En(p, capped)}"));
        if (held && v.HeldBy is { Count: > 0 } named)
            reasons.Add(new($"保持强基：{named.Count} 个重大问题尚未整改验收（{string.Join("、", named.Select(h => $"{h.Problem}，整改期限 {h.Deadline10}"))}）",
                $"held at 强基: {Humanizer.ToQuantityExtensions.ToQuantity("major problem", named.Count)} still open ({string.Join("; ", named.Select(h => $"{h.Problem}, deadline {h.Deadline10}"))})"));
        else if (held)
            reasons.Add(new($"保持强基：{v.MajorOpenProblems} 个重大问题尚未整改验收",
                $"held at 强基: {Humanizer.ToQuantityExtensions.ToQuantity("major problem", v.MajorOpenProblems)} still open"));
        return (tier, reasons);
    }

    /// <summary>The threshold a village fell short of for Demonstration.</summary>
    private static decimal Upper(Tier? p, Thresholds t) => p == Tier.Demonstration ? t.StayDemonstration : t.EnterDemonstration;

    /// <summary>The threshold a village fell short of for Excellence.</summary>
    private static decimal Lower(Tier? p, Thresholds t) => p is Tier.Demonstration or Tier.Excellence ? t.StayExcellence : t.EnterExcellence;

    /// <summary>A score always with two decimals: 87.40.</summary>
    private static string F(decimal score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A threshold as the province set it: 85, 82.5.</summary>
    private static string T(decimal threshold) => threshold.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>How a tier compares with the previous one, in words.</summary>
public static class Outcome
{
    public static string Zh(Tier? previous, Tier tier) => previous switch
    {
        null => $"首次评定为{tier.Chinese()}",
        { } p when tier > p => $"由{p.Chinese()}升为{tier.Chinese()}",
        { } p when tier < p => $"由{p.Chinese()}降为{tier.Chinese()}",
        _ => $"保持{tier.Chinese()}",
    };

    public static string En(Tier? previous, Tier tier) => previous switch
    {
        null => $"first rating: {tier.Chinese()}",
        { } p when tier > p => $"moves up from {p.Chinese()} to {tier.Chinese()}",
        { } p when tier < p => $"moves down from {p.Chinese()} to {tier.Chinese()}",
        _ => $"stays {tier.Chinese()}",
    };
}
