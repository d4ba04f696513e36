using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assessment.Generator;

namespace Assessment.Bench;

/// <summary>The scenarios of bench.md in order, against one service, with a progress line and a result table.</summary>
public sealed class BenchRun(BenchOptions o) : IAsyncDisposable
{
    private static readonly string[] Years = ["2022", "2023", "2024"];
    private const int UploadsInFlight = 4;
    private const int ReadClients = 32;
    private const int ReportRequests = 100;
    /// <summary>What one ledger row weighs (a village's 18 entries as JSON), for a fair storage limit.</summary>
    private const int LedgerRowBytes = 1300;

    private HostProcess? host;
    private HttpClient http = null!;
    private readonly JsonObject result = new();
    private readonly List<string> notes = [];

    public async Task<int> RunAsync()
    {
        Progress($"generating a province of {o.Villages:N0} villages (seed {o.Seed})");
        var province = ProvinceGenerator.Generate(o.Villages, o.Seed);
        var counties = province.Counties.ToList();
        Line($"province: {counties.Count} counties, {province.Regions.Count(r => r.Level == "township"):N0} townships, {province.Villages.Count:N0} villages");

        if (o.Url is null)
        {
            Progress("starting the service");
            host = new HostProcess(o.HostDll ?? throw new ArgumentException("--host or --url is needed"), o.Storage!, o.AdminPassword);
            await host.StartAsync();
        }
        var url = o.Url ?? host!.Url;
        http = await ClientAsync(url);
        result["villages"] = o.Villages;
        result["machine"] = Machine();
        result["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        Progress("importing the region file");
        var clock = Stopwatch.StartNew();
        await Ok(await http.PostAsync("/api/regions:import", Csv(province.RegionCsv())), "region import");
        Line($"region file: {province.Regions.Count:N0} regions in {clock.Elapsed.TotalSeconds:F1} s");

        var b1 = new List<double>(); var b2 = new List<double>(); var b3 = new List<double>();
        var entities = province.Villages.Count + counties.Count; // one ledger row per village and file, one receipt per file
        for (var y = 0; y < Years.Length; y++)
        {
            var cycle = Years[y];
            await Ok(await http.PostAsJsonAsync("/api/cycles", new { id = cycle }), "create cycle");
            b1.Add(await ImportAsync(cycle, province.IndicatorFiles(y).ToList()));
            await Ok(await http.PostAsync($"/api/cycles/{cycle}/freeze", null), "freeze");
            b2.Add(await ComputeAsync(cycle));
            if (host is not null) result["B6"] = new JsonObject { ["peakRssBytes"] = host.PeakRssBytes() };
            b3.Add(await DecideAndPublishAsync(cycle));
            Line($"cycle {cycle}: import {b1[^1]:F1} s, compute {b2[^1]:F1} s, decide + publish {b3[^1]:F1} s");
        }
        var import = Median(b1);
        result["B1"] = new JsonObject { ["seconds"] = import, ["entitiesPerSecond"] = entities / import, ["valuesPerSecond"] = o.Villages * 18 / import, ["runs"] = Array(b1) };
        result["B2"] = new JsonObject { ["seconds"] = Median(b2), ["villagesPerSecond"] = o.Villages / Median(b2), ["runs"] = Array(b2) };
        result["B3"] = new JsonObject { ["seconds"] = Median(b3), ["runs"] = Array(b3) };

        await ReportsAsync(province.Code);
        await ReadsAsync(province, o.ReadSeconds, "B5", paceTo: null);
        if (o.LoadSeconds > 0) await ReadsAsync(province, o.LoadSeconds, "load", paceTo: 10_000);
        if (host is not null) await RestartAsync(province);
        else notes.Add("B6 and B7 need the tool to start the service itself (no --url).");

        if (o.Storage is not null)
        {
            var limit = await Limits.StorageAsync(o.Storage, counties, entities, LedgerRowBytes, Progress);
            result["storageLimitEntitiesPerSecond"] = limit;
            result["B1"]!["ratioToStorageLimit"] = entities / import / limit;
            // Compute writes one proposal row per village: its write rate against the same limit.
            result["B2"]!["ratioToStorageLimit"] = o.Villages / Median(b2) / limit;
        }
        Progress("compute limit");
        result["computeLimitVillagesPerSecond"] = Limits.Compute(province, province.Values(0));
        result["B2"]!["ratioToComputeLimit"] = o.Villages / Median(b2) / result["computeLimitVillagesPerSecond"]!.GetValue<double>();
        result["B8"] = null;
        notes.Add("B8 (competition scoring) is not measured: competitions are not built yet.");

        PrintTable();
        if (o.Json is not null) await File.WriteAllTextAsync(o.Json, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private async Task<double> ImportAsync(string cycle, List<(string County, string Csv)> files)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = UploadsInFlight }, async (file, _) =>
        {
            await Ok(await http.PostAsync($"/api/cycles/{cycle}/indicators:import", Csv(file.Csv)), $"import of {file.County}");
            Progress($"B1 {cycle}: {Interlocked.Increment(ref done)}/{files.Count} county files, {clock.Elapsed.TotalSeconds:F1} s");
        });
        return clock.Elapsed.TotalSeconds;
    }

    private async Task<double> ComputeAsync(string cycle)
    {
        var clock = Stopwatch.StartNew();
        var started = await http.PostAsync($"/api/cycles/{cycle}/compute", null);
        if (started.StatusCode != HttpStatusCode.Accepted) await Ok(started, "compute");
        while (true)
        {
            var view = await Json(await http.GetAsync($"/api/cycles/{cycle}"));
            var counts = view["counts"]!;
            Progress($"B2 {cycle}: {counts["computed"]:N0}/{counts["villages"]:N0} villages rated, {clock.Elapsed.TotalSeconds:F1} s");
            if ((string?)view["phase"] == "Computed") return clock.Elapsed.TotalSeconds;
            await Task.Delay(100);
        }
    }

    private async Task<double> DecideAndPublishAsync(string cycle)
    {
        var clock = Stopwatch.StartNew();
        Progress($"B3 {cycle}: deciding every movement");
        await Ok(await http.PostAsJsonAsync($"/api/cycles/{cycle}/movements:decide", new { decision = "approve" }), "decide");
        Progress($"B3 {cycle}: publishing");
        var publish = await http.PostAsync($"/api/cycles/{cycle}/publish", null);
        if (publish.StatusCode != HttpStatusCode.Accepted) await Ok(publish, "publish");
        while ((string?)(await Json(await http.GetAsync($"/api/cycles/{cycle}")))["phase"] != "Published") await Task.Delay(100);
        return clock.Elapsed.TotalSeconds;
    }

    private async Task ReportsAsync(string province)
    {
        var all = new List<double>();
        var each = new JsonObject();
        foreach (var (name, path) in new[]
        {
            ("distribution", $"/api/reports/distribution?cycle=2024&region={province}"),
            ("movements", $"/api/reports/movements?from=2022&to=2024&region={province}"),
            ("summary", $"/api/reports/summary?from=2022&to=2024&region={province}"),
        })
        {
            var times = new List<double>();
            for (var i = 0; i < ReportRequests; i++)
            {
                var clock = Stopwatch.StartNew();
                await Ok(await http.GetAsync(path), name);
                times.Add(clock.Elapsed.TotalMilliseconds);
                Progress($"B4 {name}: {i + 1}/{ReportRequests}");
            }
            all.AddRange(times);
            each[name] = new JsonObject { ["p50Ms"] = Percentile(times, 50), ["p99Ms"] = Percentile(times, 99) };
        }
        result["B4"] = new JsonObject { ["p50Ms"] = Percentile(all, 50), ["p99Ms"] = Percentile(all, 99), ["reports"] = each };
    }

    /// <summary>32 clients read random villages for <paramref name="seconds"/>; with <paramref name="paceTo"/>, no faster than that many per second.</summary>
    private async Task ReadsAsync(GeneratedProvince province, int seconds, string name, int? paceTo)
    {
        var codes = province.Villages.Select(v => v.Code).ToArray();
        var latencies = new List<double>[ReadClients];
        var errors = 0;
        var total = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        var reporter = Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                Progress($"{name}: {total:N0} reads, {total / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s, {errors} errors, {clock.Elapsed.TotalSeconds:F0}/{seconds} s");
                await Task.Delay(500);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, ReadClients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            var mine = latencies[client] = new List<double>(100_000);
            while (clock.Elapsed < until)
            {
                if (paceTo is { } rate && total > rate * clock.Elapsed.TotalSeconds) { await Task.Delay(1); continue; }
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/api/villages/{codes[random.Next(codes.Length)]}", HttpCompletionOption.ResponseContentRead);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref total);
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
            }
        })));
        await reporter;
        var all = latencies.SelectMany(l => l).ToList();
        result[name] = new JsonObject
        {
            ["requestsPerSecond"] = all.Count / clock.Elapsed.TotalSeconds, ["p50Ms"] = Percentile(all, 50), ["p99Ms"] = Percentile(all, 99),
            ["requests"] = all.Count, ["errors"] = errors, ["seconds"] = clock.Elapsed.TotalSeconds,
        };
    }

    private async Task RestartAsync(GeneratedProvince province)
    {
        Progress("B7: kill -9 the host");
        await host!.KillAsync();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        http = await ClientAsync(host.Url);
        var village = province.Villages[province.Villages.Count / 2].Code;
        await Ok(await http.GetAsync($"/api/villages/{village}"), "first village read");
        result["B7"] = new JsonObject { ["seconds"] = clock.Elapsed.TotalSeconds };
    }

    private void PrintTable()
    {
        Console.Error.Write("\r" + new string(' ', 100) + "\r");
        double D(string a, string b) => (b == "" ? result[a] : result[a]?[b]) is { } n ? double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture) : double.NaN;
        double? storage = result["storageLimitEntitiesPerSecond"] is null ? null : D("storageLimitEntitiesPerSecond", "");
        Console.WriteLine();
        Console.WriteLine($"Benchmark, {o.Villages:N0} villages — {result["machine"]}, {result["date"]}");
        Console.WriteLine($"Storage limit: {storage?.ToString("N0", CultureInfo.InvariantCulture) ?? "not measured"} entities/s; compute limit: {D("computeLimitVillagesPerSecond", ""):N0} villages/s");
        Console.WriteLine();
        Console.WriteLine("| # | scenario | figure | target | met |");
        Console.WriteLine("|---|---|---|---|---|");
        Row("B1", "import (4 uploads in flight)", $"{D("B1", "seconds"):F1} s; {D("B1", "entitiesPerSecond"):N0} entities/s ({D("B1", "valuesPerSecond"):N0} values/s); {D("B1", "ratioToStorageLimit"):P0} of storage limit",
            "≤ 30 s; ≥ 50% of storage limit", D("B1", "seconds") <= 30 && D("B1", "ratioToStorageLimit") >= 0.5);
        Row("B2", "compute", $"{D("B2", "seconds"):F1} s; {D("B2", "villagesPerSecond"):N0} villages/s; {D("B2", "ratioToStorageLimit"):P0} of storage limit, {D("B2", "ratioToComputeLimit"):P0} of compute limit", "≤ 30 s", D("B2", "seconds") <= 30);
        Row("B3", "decide + publish", $"{D("B3", "seconds"):F1} s", "≤ 30 s", D("B3", "seconds") <= 30);
        Row("B4", "reports (p50 / p99)", $"{D("B4", "p50Ms"):F1} / {D("B4", "p99Ms"):F1} ms", "p99 ≤ 100 ms", D("B4", "p99Ms") <= 100);
        Row("B5", "village reads, 32 clients", $"{D("B5", "requestsPerSecond"):N0} req/s; p50 {D("B5", "p50Ms"):F1} / p99 {D("B5", "p99Ms"):F1} ms", "≥ 10,000 req/s; p99 ≤ 20 ms",
            D("B5", "requestsPerSecond") >= 10_000 && D("B5", "p99Ms") <= 20);
        Row("B6", "host peak RSS after B2", result["B6"] is null ? "not measured" : $"{D("B6", "peakRssBytes") / (1 << 20):N0} MiB", "≤ 1.5 GiB", D("B6", "peakRssBytes") <= 1.5 * (1 << 30));
        Row("B7", "restart to first village read", result["B7"] is null ? "not measured" : $"{D("B7", "seconds"):F1} s", "≤ 10 s", D("B7", "seconds") <= 10);
        Row("B8", "competition scoring", "not measured", "≥ 1,000/s; ≤ 200 ms", null);
        if (result["load"] is not null)
            Console.WriteLine($"\nLoad test: {D("load", "seconds"):F0} s at {D("load", "requestsPerSecond"):N0} req/s, {result["load"]!["errors"]} errors, p99 {D("load", "p99Ms"):F1} ms");
        foreach (var n in notes) Console.WriteLine("Note: " + n);
    }

    private static void Row(string id, string scenario, string figure, string target, bool? met) =>
        Console.WriteLine($"| {id} | {scenario} | {figure} | {target} | {(met is null ? "–" : met.Value ? "yes" : "no")} |");

    private async Task<HttpClient> ClientAsync(string url)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5),
        };
        var token = await Json(await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = o.AdminPassword }));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string?)token["accessToken"]);
        return client;
    }

    private static async Task Ok(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        await Ok(response, "request");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static HttpContent Csv(string text) => new ByteArrayContent(Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = new("text/csv") { CharSet = "utf-8" } } };

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static double Percentile(List<double> xs, int p)
    {
        if (xs.Count == 0) return double.NaN;
        var sorted = xs.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static JsonArray Array(List<double> xs) => new(xs.Select(x => (JsonNode?)x).ToArray());

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        var memory = File.Exists("/proc/meminfo") ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024 / 1024 : 0;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory} GiB, .NET {Environment.Version}";
    }

    private static void Progress(string text) => Console.Error.Write("\r" + text.PadRight(100)[..100]);

    private static void Line(string text) => Console.Error.WriteLine("\r" + text.PadRight(100));

    public async ValueTask DisposeAsync()
    {
        http?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }
}
