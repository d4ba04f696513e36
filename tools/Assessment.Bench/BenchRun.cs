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
    private const int UploadsInFlight = 4;
    private const int ReadClients = 32;
    private const int ReportRequests = 100;
    private const double MB = 1e6;

    /// <summary>One cycle's figures: B1–B3 seconds and, on disk, Azurite's data file once saved after the cycle.</summary>
    private sealed class CycleRun(string id)
    {
        public string Id { get; } = id;
        public double Import, Compute, Publish;
        public AzuriteDataFile.Saved? File;
        public long? Growth;
    }

    /// <summary>
    /// Every request the bench sends through its client, and how many of them failed. When the tool's Azurite is gone
    /// (<paramref name="storageGone"/>), requests in flight and new ones fail at once instead of waiting on a service
    /// that has no storage.
    /// </summary>
    private sealed class RequestCounter(CancellationToken storageGone)
        : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        public long Requests, Failed;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Interlocked.Increment(ref Requests);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, storageGone);
            try
            {
                var response = await base.SendAsync(request, linked.Token);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref Failed);
                return response;
            }
            catch (OperationCanceledException) when (storageGone.IsCancellationRequested)
            {
                Interlocked.Increment(ref Failed);
                throw new InvalidOperationException($"{request.Method} {request.RequestUri?.PathAndQuery}: Azurite's process has exited");
            }
            catch
            {
                Interlocked.Increment(ref Failed);
                throw;
            }
        }
    }

    /// <summary>How long compute or publish may show no progress before the run counts as failed.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(10);
    private readonly CancellationTokenSource storageGone = new();

    private HostProcess? host;
    private HttpClient http = null!;
    private readonly List<RequestCounter> counters = [];
    private readonly JsonObject result = new();
    private readonly List<string> notes = [];
    private readonly List<CycleRun> runs = [];
    private string? failure;

    public async Task<int> RunAsync()
    {
        Progress($"generating a province of {o.Villages:N0} villages (seed {o.Seed})");
        var province = ProvinceGenerator.Generate(o.Villages, o.Seed);
        var counties = province.Counties.ToList();
        var shape = ImportShape.Of(province);
        var cycles = o.CycleIds;
        Line($"province: {counties.Count} counties, {province.Regions.Count(r => r.Level == "township"):N0} townships, {province.Villages.Count:N0} villages; cycles {cycles[0]}–{cycles[^1]}");

        // B9 and B10 need Azurite's data file, which only the tool's own Azurite started with --disk has.
        var disk = o.Disk && o.DataFile is not null && o.Storage is not null && o.Url is null ? new AzuriteDataFile(o.DataFile, o.Storage) : null;
        if (o.Url is not null)
            notes.Add("With --url the service's storage is not the tool's own: no disk measurements (B9, B10) and no storage limit.");
        else if (disk is null)
            notes.Add("B9 and B10 need --disk (Azurite keeping its data on disk, as tools/run starts it); this run kept it in memory.");
        if (disk is not null) await disk.PrepareAsync();
        using var watching = new CancellationTokenSource();
        var watchdog = WatchAzuriteAsync(watching.Token);

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
        result["cycleIds"] = new JsonArray(cycles.Select(c => (JsonNode?)c).ToArray());

        AzuriteDataFile.Saved? started = null, regions = null;
        await Attempt("region import", async () =>
        {
            if (disk is not null) started = await SavedAsync(disk, "service started");
            Progress("importing the region file");
            var clock = Stopwatch.StartNew();
            await Ok(await http.PostAsync("/api/regions:import", Csv(province.RegionCsv())), "region import");
            Line($"region file: {province.Regions.Count:N0} regions in {clock.Elapsed.TotalSeconds:F1} s");
            if (disk is null) return;
            regions = await SavedAsync(disk, "regions imported");
            Line($"data file after the regions: {regions.Bytes / MB:F1} MB ({(regions.Bytes - started!.Bytes) / (double)o.Villages:N0} bytes per village)");
        });

        await Attempt("cycles", async () =>
        {
            var before = regions?.Bytes;
            for (var y = 0; y < cycles.Count; y++)
            {
                var run = new CycleRun(cycles[y]);
                await Ok(await http.PostAsJsonAsync("/api/cycles", new { id = run.Id }), "create cycle");
                run.Import = await ImportAsync(run.Id, province.IndicatorFiles(y).ToList());
                await Ok(await http.PostAsync($"/api/cycles/{run.Id}/freeze", null), "freeze");
                run.Compute = await ComputeAsync(run.Id);
                if (host is not null) result["B6"] = new JsonObject { ["peakRssBytes"] = host.PeakRssBytes() };
                run.Publish = await DecideAndPublishAsync(run.Id);
                runs.Add(run);
                if (disk is not null)
                {
                    run.File = await SavedAsync(disk, $"cycle {run.Id} done");
                    run.Growth = run.File.Bytes - before;
                    before = run.File.Bytes;
                }
                Line($"cycle {run.Id}: import {run.Import:F1} s, compute {run.Compute:F1} s, decide + publish {run.Publish:F1} s"
                     + (run.File is { } f ? $"; data file {f.Bytes / MB:F1} MB (+{run.Growth / (double)o.Villages:N0} bytes per village)" : ""));
            }
        });

        if (runs.Count > 0)
        {
            // Targets hold for every cycle (bench.md): "seconds" is the slowest cycle, the one the target is checked on.
            var import = Worst(r => r.Import);
            var compute = Worst(r => r.Compute);
            result["B1"] = Headline(r => r.Import, new JsonObject
            {
                ["entitiesPerSecond"] = shape.Entities / import.Max, ["bytesPerSecond"] = shape.Bytes / import.Max, ["valuesPerSecond"] = o.Villages * 18 / import.Max,
                ["entitiesPerImport"] = shape.Entities, ["bytesPerImport"] = shape.Bytes,
            });
            result["B2"] = Headline(r => r.Compute, new JsonObject { ["villagesPerSecond"] = o.Villages / compute.Max });
            result["B3"] = Headline(r => r.Publish, new JsonObject());
            result["cycles"] = new JsonArray(runs.Select(r => (JsonNode?)new JsonObject
            {
                ["id"] = r.Id, ["importSeconds"] = r.Import, ["computeSeconds"] = r.Compute, ["decidePublishSeconds"] = r.Publish,
                ["fileBytes"] = r.File?.Bytes, ["fileSaveConfirmed"] = r.File?.Confirmed, ["fileSaveWaitSeconds"] = r.File?.WaitSeconds,
                ["bytesPerVillage"] = r.Growth is { } g ? g / (double)o.Villages : null,
            }).ToArray());
        }

        if (failure is null && runs.Count == cycles.Count)
        {
            if (o.Only is null) await Attempt("B4", () => ReportsAsync(province.Code, cycles[0], cycles[^1]));
            if (o.Only is null or "B5")
            {
                await Attempt("B5", async () =>
                {
                    var first = await FirstReadsAsync(province);
                    await ReadsAsync(province, o.ReadSeconds, "B5", paceTo: null);
                    foreach (var (key, value) in first) result["B5"]![key] = value?.DeepClone();
                });
                if (o.LoadSeconds > 0) await Attempt("load test", () => ReadsAsync(province, o.LoadSeconds, "load", paceTo: 10_000));
            }
            if (o.Only is null or "pages")
                await Attempt("pages", async () => result["pages"] = await PageBench.RunAsync(url, o.AdminPassword, province, cycles[^1], Progress));
            if (o.Only is null or "B8")
                await Attempt("B8", async () => result["B8"] = await CompetitionBench.RunAsync(http, url, province, cycles[^1], Progress));
            if (host is not null && o.Only is null) await Attempt("B7", () => RestartAsync(province));
        }
        if (host is null) notes.Add("B6 and B7 need the tool to start the service itself (no --url).");

        // B10's "no storage failure": Azurite still runs and every request of the run succeeded (asked before the limit,
        // which talks to Azurite directly).
        var azuriteAlive = AzuriteAlive();
        var requests = counters.Sum(c => c.Requests);
        var failed = counters.Sum(c => c.Failed);
        await watching.CancelAsync();
        await watchdog;

        StorageLimit? limit = null;
        if (o.Storage is not null && azuriteAlive != false && o.Only is null)
        {
            await Attempt("storage limit", async () => limit = await Limits.StorageAsync(o.Storage, shape, Progress));
            if (limit is not null)
            {
                result["storageLimitEntitiesPerSecond"] = limit.EntitiesPerSecond;
                result["storageLimitBytesPerSecond"] = limit.BytesPerSecond;
                result["storageLimit"] = new JsonObject
                {
                    ["entitiesPerSecond"] = limit.EntitiesPerSecond, ["bytesPerSecond"] = limit.BytesPerSecond, ["villagesPerSecond"] = limit.VillagesPerSecond,
                    ["entitiesPerRound"] = shape.Entities, ["bytesPerRound"] = shape.Bytes, ["rounds"] = limit.Rounds, ["seconds"] = limit.Seconds,
                    ["packedBytesPerVillage"] = ImportShape.PackedBytesPerVillage, ["receiptBytes"] = ImportShape.ReceiptBytes,
                };
                if (runs.Count > 0)
                {
                    // B1 against the limit in the same shape (entities and bytes give the same ratio): the slowest cycle, and the median.
                    result["B1"]!["ratioToStorageLimit"] = shape.Entities / Worst(r => r.Import).Max / limit.EntitiesPerSecond;
                    result["B1"]!["medianRatioToStorageLimit"] = shape.Entities / Worst(r => r.Import).Median / limit.EntitiesPerSecond;
                    // Compute writes each village's proposal: its villages/s against the villages/s the limit writes an import's data at.
                    result["B2"]!["ratioToStorageLimit"] = o.Villages / Worst(r => r.Compute).Max / limit.VillagesPerSecond;
                }
            }
        }
        Progress("compute limit");
        result["computeLimitVillagesPerSecond"] = Limits.Compute(province, province.Values(0));
        if (runs.Count > 0) result["B2"]!["ratioToComputeLimit"] = o.Villages / Worst(r => r.Compute).Max / result["computeLimitVillagesPerSecond"]!.GetValue<double>();
        if (o.Only is not null) notes.Add($"--only {o.Only}: only the cycles and {o.Only} were run.");

        var saved = runs.Where(r => r.File is not null).ToList();
        if (disk is not null && saved.Count > 0)
        {
            var perVillage = saved.Select(r => r.Growth!.Value / (double)o.Villages).ToList();
            result["B9"] = new JsonObject
            {
                ["bytesPerVillageCycle"] = Median(perVillage), ["importSeconds"] = Worst(r => r.Import).Max, ["computeSeconds"] = Worst(r => r.Compute).Max,
                ["bytesPerVillageCycleRuns"] = Array(perVillage), ["fileBytesRuns"] = Array(saved.Select(r => (double)r.File!.Bytes).ToList()),
                ["regionBytesPerVillage"] = (regions!.Bytes - started!.Bytes) / (double)o.Villages, ["fileBytesAfterRegions"] = regions.Bytes, ["fileBytesAtStart"] = started.Bytes,
            };
            var unconfirmed = saved.Where(r => !r.File!.Confirmed).Select(r => r.Id).ToList();
            if (!started.Confirmed || !regions.Confirmed || unconfirmed.Count > 0)
                notes.Add($"Azurite's save was not confirmed in time after: {string.Join(", ", new[] { started.Confirmed ? null : "start", regions.Confirmed ? null : "regions" }.OfType<string>().Concat(unconfirmed))}; the size there is the file as it was on disk.");
        }
        if (disk is not null && o.Cycles >= 10)
        {
            var last = saved.LastOrDefault();
            result["B10"] = new JsonObject
            {
                ["cycles"] = saved.Count, ["fileBytes"] = last?.File?.Bytes, ["computeRatioLastToFirst"] = last is null ? null : last.Compute / runs[0].Compute,
                ["storageFailure"] = failure is not null || azuriteAlive == false || failed > 0,
                ["azuriteAlive"] = azuriteAlive, ["requests"] = requests, ["failedRequests"] = failed, ["failure"] = failure,
            };
        }
        else if (disk is not null) notes.Add($"B10 needs --cycles 10 or more (this run: {o.Cycles}).");
        if (failure is not null) notes.Add($"The run stopped early: {failure}");

        PrintTable(limit, shape, started, regions, disk is not null, azuriteAlive, requests, failed);
        if (o.Json is not null) await File.WriteAllTextAsync(o.Json, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return failure is null ? 0 : 1;
    }

    /// <summary>Runs one stage unless an earlier one failed; a failure (a request that failed, storage gone) is recorded, not thrown, so the table still shows what was measured.</summary>
    private async Task Attempt(string stage, Func<Task> work)
    {
        if (failure is not null) return;
        try
        {
            await work();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or OperationCanceledException or Azure.RequestFailedException or TimeoutException)
        {
            failure = $"{stage}: {e.Message.Split('\n')[0]}";
            Line($"FAILED in {failure}");
        }
    }

    private async Task<AzuriteDataFile.Saved> SavedAsync(AzuriteDataFile disk, string what)
    {
        var saved = await disk.SavedSizeAsync(what, Progress, storageGone.Token);
        if (!saved.Confirmed) Line($"{what}: Azurite's save not confirmed within {saved.WaitSeconds:F0} s; taking the file as it is ({saved.Bytes / MB:F1} MB)");
        return saved;
    }

    private (double Median, double Max, string Cycle) Worst(Func<CycleRun, double> figure)
    {
        var slowest = runs.MaxBy(figure)!;
        return (Median(runs.Select(figure).ToList()), figure(slowest), slowest.Id);
    }

    private JsonObject Headline(Func<CycleRun, double> figure, JsonObject more)
    {
        var (median, max, cycle) = Worst(figure);
        var node = new JsonObject { ["seconds"] = max, ["medianSeconds"] = median, ["maxSeconds"] = max, ["slowestCycle"] = cycle };
        foreach (var (k, v) in more.ToList())
        {
            more.Remove(k);
            node[k] = v;
        }
        node["runs"] = Array(runs.Select(figure).ToList());
        return node;
    }

    /// <summary>Watches the tool's own Azurite once a second; when its process is gone, every request fails at once.</summary>
    private async Task WatchAzuriteAsync(CancellationToken stop)
    {
        if (o.AzuritePid is null) return;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (AzuriteAlive() == false)
                {
                    Line("Azurite's process has exited: the storage is gone");
                    await storageGone.CancelAsync();
                    return;
                }
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Whether the tool's own Azurite still runs (null: not known, with --url or without its process id).</summary>
    private bool? AzuriteAlive()
    {
        if (o.AzuritePid is not { } pid) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
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
        var (seen, since) = ("", TimeSpan.Zero);
        while (true)
        {
            var view = await Json(await http.GetAsync($"/api/cycles/{cycle}"));
            var counts = view["counts"]!;
            Progress($"B2 {cycle}: {counts["computed"]:N0}/{counts["villages"]:N0} villages rated, {clock.Elapsed.TotalSeconds:F1} s");
            if ((string?)view["phase"] == "Computed") return clock.Elapsed.TotalSeconds;
            if (counts.ToJsonString() != seen) (seen, since) = (counts.ToJsonString(), clock.Elapsed);
            else if (clock.Elapsed - since > StallLimit) throw new TimeoutException($"compute of {cycle}: no progress for {StallLimit.TotalMinutes:F0} minutes");
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
        var publishing = Stopwatch.StartNew();
        while ((string?)(await Json(await http.GetAsync($"/api/cycles/{cycle}")))["phase"] != "Published")
        {
            if (publishing.Elapsed > StallLimit) throw new TimeoutException($"publish of {cycle}: not published after {StallLimit.TotalMinutes:F0} minutes");
            await Task.Delay(100);
        }
        return clock.Elapsed.TotalSeconds;
    }

    private async Task ReportsAsync(string province, string first, string last)
    {
        var all = new List<double>();
        var each = new JsonObject();
        foreach (var (name, path) in new[]
        {
            ("distribution", $"/api/reports/distribution?cycle={last}&region={province}"),
            ("movements", $"/api/reports/movements?from={first}&to={last}&region={province}"),
            ("summary", $"/api/reports/summary?from={first}&to={last}&region={province}"),
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
        result["B4"] = new JsonObject { ["p50Ms"] = Percentile(all, 50), ["p99Ms"] = Percentile(all, 99), ["from"] = first, ["to"] = last, ["reports"] = each };
    }

    /// <summary>
    /// Before B5 is measured, each village is read once, in random order by 32 clients: B5 is the rate of reads of
    /// villages whose grains are in memory and whose code the JIT has optimised, as a service that has been up a
    /// while serves them. This pass is the other figure: the first read of each village, which activates its grain.
    /// </summary>
    private async Task<JsonObject> FirstReadsAsync(GeneratedProvince province)
    {
        var codes = province.Villages.Select(v => v.Code).ToArray();
        new Random(o.Seed).Shuffle(codes);
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        using var done = new CancellationTokenSource();
        var reporter = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var read = Math.Min(Volatile.Read(ref next) + 1, codes.Length);
                Progress($"B5, first reads: {read:N0}/{codes.Length:N0} villages read once, {read / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s, {errors} errors");
                await Task.Delay(500);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, ReadClients).Select(_ => Task.Run(async () =>
        {
            using var connection = await KeepAliveGetter.OpenAsync(http.BaseAddress!, http.DefaultRequestHeaders.Authorization?.ToString());
            for (var i = Interlocked.Increment(ref next); i < codes.Length; i = Interlocked.Increment(ref next))
                if (await connection.GetAsync($"/api/villages/{codes[i]}") != 200) Interlocked.Increment(ref errors);
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await reporter;
        var rss = host?.RssBytes();
        Line($"B5 first reads: each of {codes.Length:N0} villages once in {seconds:F1} s, {codes.Length / seconds:N0}/s, {errors} errors" +
            (rss is { } bytes ? $", host RSS {bytes / (1 << 20):N0} MiB with every village grain in memory" : ""));
        return new JsonObject { ["firstReadsPerSecond"] = codes.Length / seconds, ["firstReadErrors"] = errors, ["rssAfterFirstReadsBytes"] = rss };
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
            using var connection = await KeepAliveGetter.OpenAsync(http.BaseAddress!, http.DefaultRequestHeaders.Authorization?.ToString());
            while (clock.Elapsed < until)
            {
                if (paceTo is { } rate && total > rate * clock.Elapsed.TotalSeconds) { await Task.Delay(1); continue; }
                var start = Stopwatch.GetTimestamp();
                var status = await connection.GetAsync($"/api/villages/{codes[random.Next(codes.Length)]}");
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref total);
                if (status != 200) Interlocked.Increment(ref errors);
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
        http.Dispose();
        http = await ClientAsync(host.Url);
        var village = province.Villages[province.Villages.Count / 2].Code;
        await Ok(await http.GetAsync($"/api/villages/{village}"), "first village read");
        result["B7"] = new JsonObject { ["seconds"] = clock.Elapsed.TotalSeconds };
    }

    private void PrintTable(StorageLimit? limit, ImportShape shape, AzuriteDataFile.Saved? started, AzuriteDataFile.Saved? regions, bool disk, bool? azuriteAlive, long requests, long failed)
    {
        Console.Error.Write("\r" + new string(' ', 100) + "\r");
        double D(string a, string b) => (b == "" ? result[a] : result[a]?[b]) is JsonValue n && double.TryParse(n.ToJsonString(), CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
        Console.WriteLine();
        Console.WriteLine($"Benchmark, {o.Villages:N0} villages, {o.Cycles} cycles ({o.CycleIds[0]}–{o.CycleIds[^1]}), Azurite {(disk ? "on disk" : o.Url is null ? "in memory" : "of the service at " + o.Url)} — {result["machine"]}, {result["date"]}");
        Console.WriteLine(limit is null
            ? "Storage limit: not measured"
            : $"Storage limit: {limit.EntitiesPerSecond:N0} entities/s, {limit.BytesPerSecond / MB:N1} MB/s ({limit.VillagesPerSecond:N0} villages/s), one import's packed shape " +
              $"({shape.Entities:N0} entities, {shape.Bytes / MB:N1} MB: per county a block of {ImportShape.PackedBytesPerVillage} bytes a village and a receipt) written {limit.Rounds} times in {limit.Seconds:F1} s");
        Console.WriteLine($"Compute limit: {D("computeLimitVillagesPerSecond", ""):N0} villages/s (the scoring and tier rule in one loop in the bench process)");
        Console.WriteLine();
        Console.WriteLine("| # | scenario | figure | target | met |");
        Console.WriteLine("|---|---|---|---|---|");
        string Cycles(string b) => $"median {D(b, "medianSeconds"):F1} s, slowest {D(b, "maxSeconds"):F1} s ({result[b]?["slowestCycle"]})";
        if (result["B1"] is null)
        {
            Row("B1", "import (4 uploads in flight)", "not measured", "≤ 30 s; ≥ 50% of storage limit", false);
            Row("B2", "compute", "not measured", "≤ 30 s", false);
            Row("B3", "decide + publish", "not measured", "≤ 30 s", false);
        }
        else
        {
            Row("B1", "import (4 uploads in flight)",
                $"{Cycles("B1")}; slowest: {D("B1", "entitiesPerSecond"):N0} entities/s, {D("B1", "bytesPerSecond") / MB:N2} MB/s ({D("B1", "valuesPerSecond"):N0} values/s), {Share(D("B1", "ratioToStorageLimit"), "storage limit")}",
                "≤ 30 s; ≥ 50% of storage limit, every cycle",
                D("B1", "maxSeconds") > 30 || D("B1", "ratioToStorageLimit") < 0.5 ? false : double.IsNaN(D("B1", "ratioToStorageLimit")) ? null : true);
            Row("B2", "compute", $"{Cycles("B2")}; slowest: {D("B2", "villagesPerSecond"):N0} villages/s, {Share(D("B2", "ratioToStorageLimit"), "storage limit")} (villages/s), {Share(D("B2", "ratioToComputeLimit"), "compute limit")}",
                "≤ 30 s, every cycle", D("B2", "maxSeconds") <= 30);
            Row("B3", "decide + publish", Cycles("B3"), "≤ 30 s, every cycle", D("B3", "maxSeconds") <= 30);
        }
        Row("B4", $"reports {o.CycleIds[0]}–{o.CycleIds[^1]} (p50 / p99)", result["B4"] is null ? "not measured" : $"{D("B4", "p50Ms"):F1} / {D("B4", "p99Ms"):F1} ms", "p99 ≤ 100 ms", result["B4"] is null ? null : D("B4", "p99Ms") <= 100);
        Row("B5", "village reads, 32 clients", result["B5"] is null ? "not measured" : $"{D("B5", "requestsPerSecond"):N0} req/s; p50 {D("B5", "p50Ms"):F1} / p99 {D("B5", "p99Ms"):F1} ms (first read of each village before it: {D("B5", "firstReadsPerSecond"):N0}/s)", "≥ 10,000 req/s; p99 ≤ 20 ms",
            result["B5"] is null ? null : D("B5", "requestsPerSecond") >= 10_000 && D("B5", "p99Ms") <= 20);
        Row("B6", "host peak RSS after B2", result["B6"] is null ? "not measured" : $"{D("B6", "peakRssBytes") / (1 << 20):N0} MiB", "≤ 1.5 GiB", result["B6"] is null ? null : D("B6", "peakRssBytes") <= 1.5 * (1 << 30));
        Row("B7", "restart to first village read", result["B7"] is null ? "not measured" : $"{D("B7", "seconds"):F1} s", "≤ 10 s", result["B7"] is null ? null : D("B7", "seconds") <= 10);
        Row("B8", "competition: 30 contestants × 11 judges, 11 clients", result["B8"] is null ? "not measured" :
                $"{D("B8", "submissionsPerSecond"):N0} submissions/s (median of {D("B8", "competitions"):N0} competitions; the first after start-up: {D("B8", "firstWarmUpPerSecond"):N0}/s); event latency p50 {D("B8", "eventP50Ms"):F1} / p99 {D("B8", "eventP99Ms"):F1} ms",
            "≥ 1,000/s; ≤ 200 ms", result["B8"] is null ? null : D("B8", "submissionsPerSecond") >= 1000 && D("B8", "eventP99Ms") <= 200);
        Row("pages", "village list and review queue pages (p99 of the slowest)", result["pages"] is null ? "not measured" :
                string.Join("; ", new[] { "village list", "village search", "review queue", "review queue, a county's moves up" }
                    .Select(n => $"{n} {result["pages"]![n]!["p50Ms"]!.GetValue<double>():F0} / {result["pages"]![n]!["p99Ms"]!.GetValue<double>():F0} ms")),
            "≤ 300 ms", result["pages"] is null ? null : D("pages", "p99Ms") <= PageBench.TargetMs);
        Row("B9", "the default storage on disk", result["B9"] is null ? "not measured" :
                $"{D("B9", "bytesPerVillageCycle"):N0} bytes per village per cycle (median of {runs.Count}; regions once: {D("B9", "regionBytesPerVillage"):N0}); slowest B1 {D("B9", "importSeconds"):F1} s, B2 {D("B9", "computeSeconds"):F1} s",
            "≤ 500 bytes; B1, B2 ≤ 45 s", result["B9"] is null ? null : D("B9", "bytesPerVillageCycle") <= 500 && D("B9", "importSeconds") <= 45 && D("B9", "computeSeconds") <= 45);
        var b10 = result["B10"];
        Row("B10", "ten cycles or more on disk", b10 is null ? "not measured" :
                $"{b10["cycles"]} cycles; file {D("B10", "fileBytes") / MB:N1} MB after the last; B2 last ÷ first {D("B10", "computeRatioLastToFirst"):F2}; " +
                (b10["storageFailure"]!.GetValue<bool>() ? $"storage failure (Azurite {(azuriteAlive == false ? "gone" : "running")}, {failed:N0} of {requests:N0} requests failed)" : $"no storage failure ({requests:N0} requests)"),
            "no storage failure; file ≤ 450 MB; ratio ≤ 1.25",
            b10 is null ? null : !b10["storageFailure"]!.GetValue<bool>() && b10["cycles"]!.GetValue<int>() >= 10 && D("B10", "fileBytes") <= 450 * MB && D("B10", "computeRatioLastToFirst") <= 1.25);

        Console.WriteLine();
        Console.WriteLine("Per cycle (seconds; the data file once Azurite has saved it):");
        Console.WriteLine();
        Console.WriteLine("| cycle | B1 import | B2 compute | B3 decide + publish | data file | growth ÷ N |");
        Console.WriteLine("|---|---|---|---|---|---|");
        string FileCell(AzuriteDataFile.Saved? f) => f is null ? "–" : $"{f.Bytes / MB:N2} MB{(f.Confirmed ? "" : " (unconfirmed)")}";
        if (started is not null) Console.WriteLine($"| service started | | | | {FileCell(started)} | |");
        if (regions is not null) Console.WriteLine($"| region file | | | | {FileCell(regions)} | {(regions.Bytes - started!.Bytes) / (double)o.Villages:N0} bytes/village |");
        foreach (var r in runs)
            Console.WriteLine($"| {r.Id} | {r.Import:F1} | {r.Compute:F1} | {r.Publish:F2} | {FileCell(r.File)} | {(r.Growth is { } g ? $"{g / (double)o.Villages:N0} bytes/village" : "–")} |");
        foreach (var c in o.CycleIds.Skip(runs.Count)) Console.WriteLine($"| {c} | {(failure is not null && c == o.CycleIds[runs.Count] ? "failed" : "not run")} | | | | |");

        if (result["load"] is not null)
            Console.WriteLine($"\nLoad test: {D("load", "seconds"):F0} s at {D("load", "requestsPerSecond"):N0} req/s, {result["load"]!["errors"]} errors, p99 {D("load", "p99Ms"):F1} ms");
        Console.WriteLine();
        Console.WriteLine("Note: B1–B3 hold for every cycle (bench.md), so \"met\" checks the slowest cycle; the JSON's \"seconds\" is that cycle's, \"medianSeconds\" the median.");
        foreach (var n in notes) Console.WriteLine("Note: " + n);
    }

    private static string Share(double ratio, string limit) => double.IsNaN(ratio) ? $"{limit} not measured" : $"{(100 * ratio).ToString("N0", CultureInfo.InvariantCulture)}% of {limit}";

    private static void Row(string id, string scenario, string figure, string target, bool? met) =>
        Console.WriteLine($"| {id} | {scenario} | {figure} | {target} | {(met is null ? "–" : met.Value ? "yes" : "no")} |");

    private async Task<HttpClient> ClientAsync(string url)
    {
        var counter = new RequestCounter(storageGone.Token);
        counters.Add(counter);
        var client = new HttpClient(counter) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
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

    private static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

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
        storageGone.Dispose();
        if (host is not null) await host.DisposeAsync();
    }
}
