namespace Assessment.Abstractions.Benchmarking;

/// <summary>
/// 对标提升 on one published cycle of one province, keyed "{cycle}/{province}": the province's
/// Demonstration villages of that cycle with their indicator scores, gathered once from the county
/// workers (a published cycle never changes), the benchmarks over them, each village's gap list and
/// the at-risk list. Only asked about a published cycle (the caller checks).
/// </summary>
public interface IBenchmarkGrain : IGrainWithStringKey
{
    /// <summary>A Demonstration village's gap list; 422 when the village is not Demonstration in the cycle.</summary>
    Task<BenchmarkView> GapsAsync(string village);

    /// <summary>The Demonstration villages at risk whose code starts with <paramref name="regionPrefix"/>, lowest score first.</summary>
    Task<IReadOnlyList<AtRiskView>> AtRiskAsync(string regionPrefix);

    public static string Key(string cycle, string province) => $"{cycle}/{province}";
}

[GenerateSerializer, Immutable]
public sealed record GapView(
    [property: Id(0)] string Indicator,
    [property: Id(1)] decimal Benchmark,
    [property: Id(2)] decimal Own,
    [property: Id(3)] decimal Gap);

[GenerateSerializer, Immutable]
public sealed record BenchmarkView(
    [property: Id(0)] string Village,
    [property: Id(1)] string Cycle,
    [property: Id(2)] decimal Score,
    [property: Id(3)] bool AtRisk,
    [property: Id(4)] IReadOnlyList<GapView> Gaps,
    [property: Id(5)] int Villages);

[GenerateSerializer, Immutable]
public sealed record AtRiskView(
    [property: Id(0)] string Village,
    [property: Id(1)] decimal Score,
    [property: Id(2)] decimal Margin);
