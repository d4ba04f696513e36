using System.Globalization;
using System.Text;

namespace Assessment.Generator;

/// <summary>
/// tools/generate --villages N [--seed S] [--out DIR] [--cycles 2022,2023,2024 | --cycles C] [--stats]:
/// writes DIR/regions.csv and DIR/{cycle}/{county}.csv (UTF-8), one indicator file per county and cycle.
/// The cycles are named in order (the first is year index 0); a single number below 1000 means that many cycles
/// from 2022 on (--cycles 10: 2022–2031).
/// </summary>
public static class GeneratorCli
{
    public static async Task<int> Main(string[] args)
    {
        string Get(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var villages = int.Parse(Get("--villages", "70000"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Get("--seed", "1"), CultureInfo.InvariantCulture);
        var output = Get("--out", "generated");
        var cycles = CycleIds(Get("--cycles", "2022,2023,2024"));

        var province = ProvinceGenerator.Generate(villages, seed);
        if (args.Contains("--stats"))
        {
            // What the province would look like if every proposal were approved: the drift the generator is tuned for.
            var tiers = new Dictionary<string, Assessment.Domain.Tier>();
            for (var y = 0; y < cycles.Length; y++)
            {
                var values = province.Values(y);
                var counts = new int[4];
                foreach (var v in province.Villages)
                {
                    var a = Assessment.Domain.Scoring.VillageAssessment.Assess(v.Code, Assessment.Domain.Indicators.IndicatorCatalog.Default, values[v.Code],
                        tiers.TryGetValue(v.Code, out var p) ? p : null, Assessment.Domain.Cycles.Thresholds.Default);
                    tiers[v.Code] = a.ProposedTier;
                    counts[(int)a.ProposedTier]++;
                }
                Console.WriteLine($"{cycles[y]}: 示范 {100.0 * counts[3] / villages:F1}%  创优 {100.0 * counts[2] / villages:F1}%  强基 {100.0 * counts[1] / villages:F1}%");
            }
            return 0;
        }
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "regions.csv"), province.RegionCsv(), Encoding.UTF8);
        Console.Error.WriteLine($"{province.Regions.Count:N0} regions, {province.Villages.Count:N0} villages → {Path.Combine(output, "regions.csv")}");
        for (var y = 0; y < cycles.Length; y++)
        {
            var folder = Path.Combine(output, cycles[y]);
            Directory.CreateDirectory(folder);
            var n = 0;
            var files = province.IndicatorFiles(y).ToList();
            foreach (var (county, csv) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, county + ".csv"), csv, Encoding.UTF8);
                if (++n % 20 == 0 || n == files.Count) Console.Error.Write($"\rcycle {cycles[y]}: {n}/{files.Count} county files");
            }
            Console.Error.WriteLine();
        }
        return 0;
    }

    /// <summary>"2022,2023,2024" as it is, or a count C as C cycles from 2022 on.</summary>
    public static string[] CycleIds(string cycles) =>
        !cycles.Contains(',') && int.TryParse(cycles, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is > 0 and < 1000
            ? Enumerable.Range(2022, count).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToArray()
            : cycles.Split(',');
}
