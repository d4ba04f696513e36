using Assessment.Domain.Cycles;

namespace Assessment.Domain.Benchmarking;

/// <summary>A Demonstration village close to losing its tier next year.</summary>
/// <param name="Score">Its composite score in the published cycle.</param>
/// <param name="Margin">score − stayDemonstration: the points it has to spare before it falls below the line that keeps it Demonstration (negative when it already stands below, kept there by a decision).</param>
public sealed record AtRiskVillage(string Village, string Name, decimal Score, decimal Margin);

/// <summary>
/// "At risk" (domain.md, "Benchmarking"): a Demonstration village whose score is below the cycle's
/// stayDemonstration threshold plus 2 (82 with the defaults).
/// </summary>
public static class AtRisk
{
    /// <summary>How far above the stay line a village is still warned.</summary>
    public const decimal Band = 2m;

    /// <summary>The score a Demonstration village must reach not to be at risk: 80 + 2 = 82 with the defaults.</summary>
    public static decimal Line(Thresholds thresholds) => thresholds.StayDemonstration + Band;

    public static bool Is(decimal score, Thresholds thresholds) => score < Line(thresholds);

    public static decimal Margin(decimal score, Thresholds thresholds) => score - thresholds.StayDemonstration;

    /// <summary>The at-risk list: those of the Demonstration villages that are at risk, lowest score first, ties by village code.</summary>
    public static IReadOnlyList<AtRiskVillage> List(IEnumerable<(string Village, string Name, decimal Score)> demonstrationVillages, Thresholds thresholds) =>
        demonstrationVillages
            .Where(v => Is(v.Score, thresholds))
            .Select(v => new AtRiskVillage(v.Village, v.Name, v.Score, Margin(v.Score, thresholds)))
            .OrderBy(v => v.Score).ThenBy(v => v.Village, StringComparer.Ordinal)
            .ToList();
}
