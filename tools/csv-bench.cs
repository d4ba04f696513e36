// Measures the hand-written CSV reader (Domain/Csv/CsvText) against Sep on a long indicator file of a
// 70,000-village province (18 values a village: 1,260,000 rows), and checks Sep's strictness on the
// files CsvText refuses. Run: dotnet run tools/csv-bench.cs [villages]   (Release; figures in docs/decisions.md)
#:project ../src/Assessment.Domain/Assessment.Domain.csproj
#:package Sep
#:property Configuration=Release
using System.Diagnostics;
using System.Text;
using Assessment.Domain.Csv;
using Assessment.Domain.Indicators;
using nietras.SeparatedValues;

var villages = args.Length > 0 ? int.Parse(args[0]) : 70_000;
var catalog = IndicatorCatalog.Default.Indicators;
var text = new StringBuilder("village,indicator,value,note\n");
var random = new Random(7);
for (var v = 0; v < villages; v++)
{
    var code = $"3703{v / 5000 % 100:00}{v / 100 % 50 + 100:000}{v % 100 + 200:000}";
    foreach (var i in catalog)
    {
        var value = i.Kind == IndicatorKind.Number ? (i.Whole ? random.Next(0, 20).ToString() : (random.NextDouble() * 100).ToString("0.##")) : (random.Next(2) == 0 ? "true" : "false");
        var note = random.Next(50) == 0 ? "\"年中自查, 已核实\"" : "";
        text.Append(code).Append(',').Append(i.Code).Append(',').Append(value).Append(',').Append(note).Append('\n');
    }
}
var bytes = Encoding.UTF8.GetBytes(text.ToString());
Console.WriteLine($"{villages:N0} villages, {villages * catalog.Count:N0} rows, {bytes.Length / 1048576.0:F1} MiB");

CsvTable ReadSep(byte[] file)
{
    var decoded = CsvText.Decode(file, null); // the same strict UTF-8/GB18030 decoding for both
    using var reader = Sep.New(',').Reader(o => o with { Unescape = true, HasHeader = true, DisableColCountCheck = true }).FromText(decoded);
    var header = reader.Header.ColNames.ToList();
    var rows = new List<CsvRow>();
    foreach (var row in reader)
    {
        var cells = new string[row.ColCount];
        for (var c = 0; c < cells.Length; c++) cells[c] = row[c].ToString();
        if (cells.All(string.IsNullOrWhiteSpace)) continue;
        rows.Add(new CsvRow(row.LineNumberFrom, cells));
    }
    return new CsvTable(header, rows);
}

(double Best, double Median, long Allocated) Time(Func<CsvTable> read, int runs = 7)
{
    read(); // warm-up
    var times = new List<double>();
    long allocated = 0;
    for (var n = 0; n < runs; n++)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(true);
        var sw = Stopwatch.StartNew();
        var table = read();
        times.Add(sw.Elapsed.TotalMilliseconds);
        allocated = GC.GetTotalAllocatedBytes(true) - before;
        if (table.Rows.Count != villages * catalog.Count) throw new Exception($"read {table.Rows.Count} rows");
    }
    times.Sort();
    return (times[0], times[runs / 2], allocated);
}

var hand = Time(() => CsvText.Read(bytes, null));
var sep = Time(() => ReadSep(bytes));
Console.WriteLine($"CsvText (hand-written): best {hand.Best:F0} ms, median {hand.Median:F0} ms, {hand.Allocated / 1048576.0:F0} MiB allocated");
Console.WriteLine($"Sep 0.17.1:             best {sep.Best:F0} ms, median {sep.Median:F0} ms, {sep.Allocated / 1048576.0:F0} MiB allocated");
Console.WriteLine($"same content: {CsvText.Read(bytes, null).ContentHash() == ReadSep(bytes).ContentHash()}");

// Strictness: what CsvText refuses, does Sep refuse too?
foreach (var (name, bad) in new[]
{
    ("quote inside an unquoted field", "village,indicator,value\n1,a\"b,2\n"),
    ("quoted field never closed", "village,indicator,value\n1,\"ab,2\n"),
    ("text after a closing quote", "village,indicator,value\n1,\"ab\"c,2\n"),
})
{
    string Outcome(Func<CsvTable> read)
    {
        try { var t = read(); return $"accepted ({string.Join("|", t.Rows[0].Cells)})"; }
        catch (Exception e) { return "refused: " + e.Message.Split('\n')[0]; }
    }
    var file = Encoding.UTF8.GetBytes(bad);
    Console.WriteLine($"{name}: CsvText {Outcome(() => CsvText.Read(file, null))}; Sep {Outcome(() => ReadSep(file))}");
}
