using System.Diagnostics.CodeAnalysis;
using Assessment.Domain.Regions;

namespace Assessment.Domain.Competitions;

/// <summary>回避: a judge may not score a contestant village of its own county (domain.md, Competitions).</summary>
public static class ConflictOfInterest
{
    /// <summary>
    /// True, with the reason in words, when the judge's region lies in the village's county. A judge
    /// sitting above county level (a city or the province) or with no region belongs to no county,
    /// so it may score every village.
    /// </summary>
    public static bool Exists(string judge, DivisionCode? judgeRegion, DivisionCode village, [NotNullWhen(true)] out string? reason)
    {
        if (judgeRegion is { County: { } county } region && village.County == county)
        {
            reason = region == county
                ? $"judge {judge} belongs to county {county}, the county of village {village}: a judge may not score a contestant of its own county (conflict of interest, 回避)"
                : $"judge {judge} ({region}) belongs to county {county}, the county of village {village}: a judge may not score a contestant of its own county (conflict of interest, 回避)";
            return true;
        }
        reason = null;
        return false;
    }
}
