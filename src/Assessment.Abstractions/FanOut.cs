namespace Assessment.Abstractions;

/// <summary>How many grain calls one fan-out keeps in flight (<c>Assessment:FanOut</c>).</summary>
public sealed class FanOutOptions
{
    public const string Section = "Assessment:FanOut";

    /// <summary>
    /// Each county call reads a partition or writes a few batches, so this is also the storage
    /// concurrency of a province-wide operation: 8 keeps Azurite's one core busy without queueing.
    /// </summary>
    public int Width { get; set; } = 8;
}

/// <summary>
/// The one way a grain or a request asks many grains (every county of a province, every village
/// of a county): a bounded number at a time, the answers back in the order asked.
/// </summary>
public sealed class FanOut(FanOutOptions options)
{
    public int Width => Math.Max(1, options.Width);

    public async Task<TResult[]> EachAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, Task<TResult>> call, CancellationToken ct = default)
    {
        var list = items as IReadOnlyList<TItem> ?? items.ToList();
        var results = new TResult[list.Count];
        using var gate = new SemaphoreSlim(Width);
        // Not Parallel.ForEachAsync: a grain's calls must stay on its own scheduler, which awaiting in place keeps.
        await Task.WhenAll(Enumerable.Range(0, list.Count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                results[i] = await call(list[i]);
            }
            finally
            {
                gate.Release();
            }
        }));
        return results;
    }

    public Task EachAsync<TItem>(IEnumerable<TItem> items, Func<TItem, Task> call, CancellationToken ct = default) =>
        EachAsync(items, async item =>
        {
            await call(item);
            return true;
        }, ct);
}
