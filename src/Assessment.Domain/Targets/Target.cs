using System.Globalization;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Domain.Reports;

namespace Assessment.Domain.Targets;

/// <summary>
/// A region's targets for a cycle (逐年细化目标任务, domain.md "Yearly targets"); each is optional.
/// The counts are decimals because that is how JSON brings them: 2.5 villages is then refused with a
/// message naming the field (422) rather than failing to read (400).
/// </summary>
/// <param name="DemonstrationShare">The share of Demonstration villages, 0–1, at least.</param>
/// <param name="FoundationShareMax">The share of Foundation villages, 0–1, at most.</param>
/// <param name="MovedUpFromFoundation">Villages moving up out of Foundation from the previous published cycle, at least.</param>
/// <param name="MovedUpFromExcellence">Villages moving up out of Excellence from the previous published cycle, at least.</param>
public sealed record Target(
    decimal? DemonstrationShare = null,
    decimal? FoundationShareMax = null,
    decimal? MovedUpFromFoundation = null,
    decimal? MovedUpFromExcellence = null)
{
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (DemonstrationShare is null && FoundationShareMax is null && MovedUpFromFoundation is null && MovedUpFromExcellence is null)
            errors.Add(new("name at least one target: demonstrationShare, foundationShareMax, movedUpFromFoundation or movedUpFromExcellence"));
        Share("demonstrationShare", DemonstrationShare);
        Share("foundationShareMax", FoundationShareMax);
        Count("movedUpFromFoundation", MovedUpFromFoundation);
        Count("movedUpFromExcellence", MovedUpFromExcellence);
        return errors;

        void Share(string field, decimal? share)
        {
            if (share is { } s && s is < 0 or > 1)
                errors.Add(new(Say($"{field} is {s}; a share is a fraction from 0 to 1 (0.4 means 40%)"), Field: field));
        }

        void Count(string field, decimal? count)
        {
            if (count is not { } c) return;
            if (c < 0) errors.Add(new(Say($"{field} is {c}; it counts villages: 0 or more"), Field: field));
            else if (c != decimal.Truncate(c)) errors.Add(new(Say($"{field} is {c}; it counts villages: a whole number"), Field: field));
        }
    }

    /// <summary>
    /// Whether each named target is met by the actual figures (null where none is named). Shares are
    /// compared unrounded, as counts (demonstration ≥ share × total, exact in decimal): 2 of 3
    /// villages shows as 0.6667 but does not meet a target of 0.6667. With no village rated, each
    /// share is 0, as the distribution report shows it.
    /// </summary>
    public TargetMet Check(TargetActual actual)
    {
        var c = actual.Tiers;
        return new TargetMet(
            DemonstrationShare is { } d ? (c.Total == 0 ? 0 >= d : c.Demonstration >= d * c.Total) : null,
            FoundationShareMax is { } f ? (c.Total == 0 ? 0 <= f : c.Foundation <= f * c.Total) : null,
            MovedUpFromFoundation is { } mf ? actual.MovedUpFromFoundation >= mf : null,
            MovedUpFromExcellence is { } me ? actual.MovedUpFromExcellence >= me : null);
    }

    /// <summary>
    /// Who sets targets for which region: the province for itself and its cities, a city for its
    /// counties; the admin for any province, city or county. Null when allowed, else why not (a 403).
    /// </summary>
    public static string? WhyNotSet(Actor actor, DivisionCode region)
    {
        if (region.Level > RegionLevel.County)
            return $"{region} is a {region.Level.ToWire()}; targets are set for a province, a city or a county";
        return actor.Role switch
        {
            Role.Admin => null,
            Role.Province when actor.Region is { } own && own.Contains(region) && region.Level <= RegionLevel.City => null,
            Role.Province => $"a province sets targets for itself and its cities; {region} is not one of them for {actor.Region}",
            Role.City when actor.Region is { } own && own.Contains(region) && region.Level == RegionLevel.County => null,
            Role.City => $"a city sets targets for its counties; {region} is not one of them for {actor.Region}",
            _ => $"a {actor.Role.ToWire()} user cannot set targets: the province sets them for itself and its cities, a city for its counties",
        };
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Whether each target is met; null where the target names none.</summary>
public sealed record TargetMet(bool? DemonstrationShare, bool? FoundationShareMax, bool? MovedUpFromFoundation, bool? MovedUpFromExcellence);

/// <summary>
/// The actual figures of a region in a cycle: its villages' tiers in the cycle (final once published,
/// projected from the proposals and the decisions so far before), and how many moved up out of
/// Foundation and out of Excellence from the previous published cycle.
/// </summary>
public sealed record TargetActual(TierCounts Tiers, int MovedUpFromFoundation, int MovedUpFromExcellence)
{
    public static TargetActual Zero { get; } = new(TierCounts.Zero, 0, 0);

    /// <summary>Shown as the distribution report shows it: a fraction rounded half away from zero to four decimals.</summary>
    public decimal DemonstrationShare => Tiers.Share(Tier.Demonstration);

    public decimal FoundationShare => Tiers.Share(Tier.Foundation);

    /// <param name="previous">The village's tier in the previous published cycle; null if it was not rated then (it cannot have moved up).</param>
    /// <param name="now">Its tier in this cycle.</param>
    public TargetActual Add(Tier? previous, Tier now) => new(
        Tiers.Add(now),
        MovedUpFromFoundation + (previous == Tier.Foundation && now > Tier.Foundation ? 1 : 0),
        MovedUpFromExcellence + (previous == Tier.Excellence && now > Tier.Excellence ? 1 : 0));

    /// <summary>Adds the counties' figures into a city's, the cities' into the province's.</summary>
    public static TargetActual operator +(TargetActual a, TargetActual b) =>
        new(a.Tiers + b.Tiers, a.MovedUpFromFoundation + b.MovedUpFromFoundation, a.MovedUpFromExcellence + b.MovedUpFromExcellence);

    public static TargetActual Of(IEnumerable<(Tier? Previous, Tier Now)> villages) =>
        villages.Aggregate(Zero, (a, v) => a.Add(v.Previous, v.Now));
}
