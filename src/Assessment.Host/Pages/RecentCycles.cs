using Assessment.Abstractions.Cycles;

namespace Assessment.Host.Pages;

/// <summary>
/// The cycles a page offers: cycle ids are years (api.md), so the pages look at the last few years and the
/// next, newest first, instead of keeping a list of cycles beside the cycle grains.
/// </summary>
public static class RecentCycles
{
    public const int YearsBack = 5;

    public static async Task<IReadOnlyList<CycleView>> ListAsync(IGrainFactory grains, TimeProvider time)
    {
        var year = time.GetUtcNow().Year;
        var views = await Task.WhenAll(Enumerable.Range(year - YearsBack, YearsBack + 2).Reverse()
            .Select(y => grains.GetGrain<ICycleGrain>(y.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetAsync()));
        return [.. views.OfType<CycleView>()];
    }
}
