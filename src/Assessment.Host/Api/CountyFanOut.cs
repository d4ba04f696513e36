namespace Assessment.Host.Api;

/// <summary>
/// A request that asks every county grain of a region asks them a few at a time (no unbounded
/// fan-out from one request), and gets their answers back in the order it asked.
/// </summary>
public static class CountyFanOut
{
    public const int InFlight = 8;

    public static async Task<TResult[]> EachAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, Task<TResult>> call, CancellationToken ct = default)
    {
        var list = items as IReadOnlyList<TItem> ?? items.ToList();
        var results = new TResult[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (i, _) => results[i] = await call(list[i]));
        return results;
    }

    public static Task EachAsync<TItem>(IEnumerable<TItem> items, Func<TItem, Task> call, CancellationToken ct = default) =>
        EachAsync(items, async item =>
        {
            await call(item);
            return true;
        }, ct);
}
