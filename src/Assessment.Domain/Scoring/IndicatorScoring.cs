using Assessment.Domain.Indicators;

namespace Assessment.Domain.Scoring;

/// <summary>An indicator's score in [0, 1] and the points it brings (domain.md, Indicators).</summary>
public static class IndicatorScoring
{
    /// <summary>
    /// weight × score. Multiplying before dividing keeps the decimal result exact whenever it can
    /// be (e.g. 6 × 13 / 40), so that a composite of exactly x.xx5 is seen as such.
    /// </summary>
    public static decimal Points(Indicator indicator, IndicatorValue? value) => indicator.Kind switch
    {
        IndicatorKind.Number when value?.Number is { } n && indicator is { Floor: { } floor, Target: { } target } && target != floor =>
            Math.Clamp(indicator.Weight * (n - floor) / (target - floor), 0m, indicator.Weight),
        IndicatorKind.Boolean when value?.Flag == true => indicator.Weight,
        _ => 0m,
    };

    /// <summary>The score in [0, 1]: linear from floor to target (either direction), clamped; true → 1.</summary>
    public static decimal Score(Indicator indicator, IndicatorValue? value) => indicator.Kind switch
    {
        IndicatorKind.Number when value?.Number is { } n && indicator is { Floor: { } floor, Target: { } target } && target != floor =>
            Math.Clamp((n - floor) / (target - floor), 0m, 1m),
        IndicatorKind.Boolean or IndicatorKind.Veto when value?.Flag == true => 1m,
        _ => 0m,
    };

    /// <summary>Half away from zero, never banker's rounding: 84.995 → 85.00.</summary>
    public static decimal Round(decimal value, int decimals = 2) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
