using System.Globalization;
using Assessment.Bench;

// tools/bench --villages N [--json FILE] [--url URL] [--disk] [--cycles C] [--load SECONDS] [--read-seconds S] [--seed S] [--only B5|B8|pages]
// Without --url the tool starts the host itself (tools/bench passes --host and --storage), so that it
// can read its memory (B6) and kill and restart it (B7). With --disk, tools/bench also passes Azurite's
// data file (--data-file) and process id (--azurite-pid), for B9 and B10.
var options = BenchOptions.Parse(args);
var run = new BenchRun(options);
try
{
    return await run.RunAsync();
}
finally
{
    await run.DisposeAsync();
}

namespace Assessment.Bench
{
    public sealed record BenchOptions(int Villages, int Seed, int Cycles, bool Disk, string? Json, string? Url, string? HostDll, string? Storage,
        string? DataFile, int? AzuritePid, int LoadSeconds, int ReadSeconds, string AdminPassword, string? Only = null)
    {
        /// <summary>The first cycle's id; the others follow year by year (2022, 2023, …).</summary>
        public const int FirstYear = 2022;

        public IReadOnlyList<string> CycleIds => Enumerable.Range(FirstYear, Cycles).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();

        public static BenchOptions Parse(string[] args)
        {
            string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            var cycles = Int("--cycles", 3);
            if (cycles < 2) throw new ArgumentException("--cycles must be at least 2 (B4's movements report spans two cycles)");
            return new BenchOptions(Int("--villages", 70_000), Int("--seed", 1), cycles, args.Contains("--disk"), Get("--json"), Get("--url"), Get("--host"), Get("--storage"),
                Get("--data-file"), Get("--azurite-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
                Int("--load", 0), Int("--read-seconds", 15), Environment.GetEnvironmentVariable("ASSESSMENT_BENCH_ADMIN_PASSWORD") ?? "admin",
                Get("--only") is { } only ? (only is "B5" or "B8" or "pages" ? only : throw new ArgumentException("--only takes B5, B8 or pages (the scenarios that can run after the cycles alone)")) : null);
        }
    }
}
