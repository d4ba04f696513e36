using System.Globalization;
using System.Text.RegularExpressions;

namespace Assessment.Abstractions.Problems;

/// <summary>
/// A problem's id: "{village}-{n}", the village's code and the problem's number among that village's
/// problems, from 1 (e.g. "370322102201-3"). It carries its village, so its county's grain and the
/// caller's scope follow from the id alone, and it is safe in a URL and a grain key.
/// </summary>
public static partial class ProblemIds
{
    [GeneratedRegex("^[0-9]{12}-[1-9][0-9]{0,5}$")]
    private static partial Regex Shape();

    public static string Of(string village, int n) => $"{village}-{n.ToString(CultureInfo.InvariantCulture)}";

    public static bool IsValid(string? id) => id is not null && Shape().IsMatch(id);

    public static string VillageOf(string id) => id[..12];

    public static int NumberOf(string id) => int.Parse(id.AsSpan(13), CultureInfo.InvariantCulture);

    /// <summary>By village, then by number (…-2 before …-10).</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create((a, b) =>
    {
        var byVillage = string.CompareOrdinal(VillageOf(a), VillageOf(b));
        return byVillage != 0 ? byVillage : NumberOf(a).CompareTo(NumberOf(b));
    });
}
