using Orleans.Runtime;

namespace Assessment.Abstractions;

/// <summary>
/// A grain reference by its key, without Orleans' lookup of the interface's grain type on every call
/// (<c>GetGrain&lt;T&gt;(key)</c> reads the interface's attributes each time: about 5% of a village read
/// when profiled). The grain type and interface type are found once per interface and kept. For the
/// paths every request takes; elsewhere <c>GetGrain&lt;T&gt;</c> is as good.
/// </summary>
public static class GrainReferences
{
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var types = Of<T>.Types ??= Find<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static GrainTypes Find<T>(IGrainFactory grains) where T : IGrainWithStringKey
    {
        var reference = (GrainReference)(object)grains.GetGrain<T>("-");
        return new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Of<T>
    {
        public static GrainTypes? Types;
    }
}
