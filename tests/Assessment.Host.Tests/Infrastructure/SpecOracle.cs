using Assessment.Domain.Indicators;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// The scoring and tier rules of domain.md written out again, plainly and apart from the product's
/// code, so that end-to-end tests compare the service with the spec and not with itself.
/// </summary>
public static class SpecOracle
{
    public const int Foundation = 1, Excellence = 2, Demonstration = 3;

    // domain.md, default catalog: code, floor, target, weight (booleans: floor = target = null).
    public static readonly (string Code, decimal? Floor, decimal? Target, decimal Weight)[] Scored =
    [
        ("secretary_training_hours", 0, 40, 6), ("committee_cross_serving", null, null, 4), ("reserve_cadres", 0, 3, 5),
        ("new_members", 0, 2, 5), ("member_training_rate", 50, 100, 5), ("mobile_members_contacted_rate", 50, 100, 5),
        ("three_meetings_one_lesson", 0, 24, 8), ("theme_party_days", 0, 12, 5), ("collective_income", 0, 50, 15),
        ("cooperative_led", null, null, 6), ("income_growth_rate", 0, 15, 6), ("disputes_resolved_rate", 60, 100, 7),
        ("petitions", 5, 0, 5), ("grid_coverage_rate", 50, 100, 4), ("hotline_satisfaction", 80, 100, 7),
        ("households_visited_rate", 50, 100, 7),
    ];
    private static readonly string[] Vetoes = ["serious_violation", "major_safety_incident"];

    public static decimal Score(IReadOnlyDictionary<string, IndicatorValue> values)
    {
        var sum = 0m;
        foreach (var (code, floor, target, weight) in Scored)
        {
            if (!values.TryGetValue(code, out var v)) continue; // missing scores 0
            var score = floor is null ? (v.Flag == true ? 1m : 0m) : Math.Min(1m, Math.Max(0m, (v.Number!.Value - floor.Value) / (target!.Value - floor.Value)));
            sum += weight * score;
        }
        return Math.Round(Math.Min(100m, sum), 2, MidpointRounding.AwayFromZero);
    }

    public static bool Veto(IReadOnlyDictionary<string, IndicatorValue> values) => Vetoes.Any(v => values.TryGetValue(v, out var x) && x.Flag == true);

    /// <summary>Rules 1–3 with the default thresholds (no problems or competitions in these tests).</summary>
    public static int Propose(int? previous, decimal s, bool veto)
    {
        if (veto) return Foundation;
        var tier = s >= 85 || (previous == Demonstration && s >= 80) ? Demonstration
            : s >= 70 || (previous >= Excellence && s >= 65) ? Excellence
            : Foundation;
        return previous is { } p && tier > p + 1 ? p + 1 : tier;
    }

    public static string Wire(int tier) => tier switch { Demonstration => "demonstration", Excellence => "excellence", _ => "foundation" };
}
