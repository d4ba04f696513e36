using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;

namespace Assessment.Bench;

/// <summary>
/// Azurite's data file when it keeps its data on disk (as <c>tools/run</c> starts it): LokiJS keeps every table in one
/// JSON file, serialises it whole every 5 s when something changed (and on SIGINT), and replaces the file by a rename.
/// <see cref="SavedSizeAsync"/> tells how big the file is once it holds everything written so far.
/// </summary>
public sealed class AzuriteDataFile(string path, string connectionString)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private const int ChunkBytes = 1 << 20;
    private readonly TableClient markers = new TableServiceClient(connectionString).GetTableClient("benchsaved");

    /// <summary>
    /// Creates the marker table before the service creates its own, so that LokiJS (which writes its collections in the
    /// order they were made) puts the marker near the start of the file, where it is found without reading the whole file.
    /// </summary>
    public async Task PrepareAsync()
    {
        await markers.CreateIfNotExistsAsync();
        await markers.UpsertEntityAsync(new TableEntity("bench", "saved") { ["Marker"] = "start" });
    }

    public sealed record Saved(long Bytes, bool Confirmed, double WaitSeconds);

    /// <summary>
    /// The file's size once Azurite has saved everything acknowledged before this call. Writes a new marker value (one
    /// entity, replaced each time, so the file does not grow by it), then polls the file until it contains that value (a
    /// save that serialised the store after the marker, so after every earlier write; a save already under way when the
    /// marker was written cannot pass for it, as an mtime test alone would let it) and its size and mtime are the same on
    /// two polls in a row. Waits at most 15 s plus 1 s per 50 MB of file (Azurite's save interval is 5 s, and a large
    /// file takes seconds to serialise); after that it returns the size on disk, not confirmed. Throws when
    /// <paramref name="storageGone"/> says Azurite's process has exited.
    /// </summary>
    public async Task<Saved> SavedSizeAsync(string what, Action<string> progress, CancellationToken storageGone)
    {
        var marker = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        await markers.UpsertEntityAsync(new TableEntity("bench", "saved") { ["Marker"] = marker }, cancellationToken: storageGone);
        var needle = Encoding.ASCII.GetBytes(marker);
        (long Bytes, DateTime Time)? seen = null;
        var found = false;
        while (true)
        {
            var now = Stat();
            progress($"{what}: waiting for Azurite to save its data file, {clock.Elapsed.TotalSeconds:F1} s ({now.Bytes / 1e6:F1} MB on disk)");
            if (found && seen == now) return new Saved(now.Bytes, true, clock.Elapsed.TotalSeconds);
            if (storageGone.IsCancellationRequested) throw new InvalidOperationException($"{what}: Azurite's process exited before it saved its data file");
            if (seen != now)
            {
                found = now.Bytes > 0 && Contains(needle);
                seen = now;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(15 + now.Bytes / 50e6)) return new Saved(now.Bytes, false, clock.Elapsed.TotalSeconds);
            await Task.Delay(Poll);
        }
    }

    private (long Bytes, DateTime Time) Stat()
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : (0, default);
    }

    /// <summary>Whether the file holds <paramref name="needle"/>, read a MiB at a time (the marker is in the first).</summary>
    private bool Contains(byte[] needle)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            var buffer = new byte[ChunkBytes + needle.Length];
            var kept = 0;
            while (true)
            {
                var read = file.Read(buffer, kept, buffer.Length - kept);
                if (read == 0) return false;
                var have = kept + read;
                if (buffer.AsSpan(0, have).IndexOf(needle) >= 0) return true;
                kept = Math.Min(needle.Length - 1, have);
                buffer.AsSpan(have - kept, kept).CopyTo(buffer);
            }
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
