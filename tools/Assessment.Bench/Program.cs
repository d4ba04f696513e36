using System.Globalization;
using Assessment.Bench;

// tools/bench --villages N [--json FILE] [--url URL] [--load SECONDS]
// Without --url the tool starts the host itself (tools/bench passes --host and --storage), so that it
// can read its memory (B6) and kill and restart it (B7).
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
    public sealed record BenchOptions(int Villages, int Seed, string? Json, string? Url, string? HostDll, string? Storage, int LoadSeconds, int ReadSeconds, string AdminPassword)
    {
        public static BenchOptions Parse(string[] args)
        {
            string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new BenchOptions(Int("--villages", 70_000), Int("--seed", 1), Get("--json"), Get("--url"), Get("--host"), Get("--storage"),
                Int("--load", 0), Int("--read-seconds", 15), Environment.GetEnvironmentVariable("ASSESSMENT_BENCH_ADMIN_PASSWORD") ?? "admin");
        }
    }
}
