using System.Globalization;
using System.Text;
using Assessment.Domain.Indicators;

namespace Assessment.Generator;

/// <summary>How many regions of each level the province has (the default: 16 cities, 136 counties, ~1,800 townships).</summary>
public sealed record ProvinceShape(int Cities = 16, int Counties = 136, int Townships = 1800)
{
    public static ProvinceShape Default { get; } = new();
}

public sealed record GeneratedRegion(string Code, string Name, string Level, string? ParentCode);

public sealed record GeneratedVillage(string Code, string County, string Township, string Name, string Secretary, int Members, double Quality);

/// <summary>A generated province: its region tree and villages, and each cycle's indicator values.</summary>
public sealed class GeneratedProvince
{
    public required string Code { get; init; }
    public required int Seed { get; init; }
    public required IReadOnlyList<GeneratedRegion> Regions { get; init; }
    public required IReadOnlyList<GeneratedVillage> Villages { get; init; }

    public IEnumerable<string> Counties => Regions.Where(r => r.Level == "county").Select(r => r.Code);

    /// <summary>The region file (api.md, regions:import).</summary>
    public string RegionCsv()
    {
        var villages = Villages.ToDictionary(v => v.Code);
        var csv = new StringBuilder("code,name,level,parentCode,secretary,members\n");
        foreach (var r in Regions)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Code},{r.Name},{r.Level},{r.ParentCode},");
            if (villages.TryGetValue(r.Code, out var v)) csv.Append(CultureInfo.InvariantCulture, $"{v.Secretary},{v.Members}");
            else csv.Append(',');
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>
    /// Every village's values in the cycle with index <paramref name="year"/> (0 for the first).
    /// Villages improve year by year (the action plan's upward drift, see <see cref="Drift"/>), any number of years;
    /// a few have a veto or a missing value.
    /// </summary>
    public Dictionary<string, Dictionary<string, IndicatorValue>> Values(int year, IndicatorCatalog? catalog = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(year);
        catalog ??= IndicatorCatalog.Default;
        var values = new Dictionary<string, Dictionary<string, IndicatorValue>>(Villages.Count);
        foreach (var v in Villages)
        {
            // One stream per village and year: the same seed always gives the same file, in any order.
            var random = new Random(unchecked(Seed * 1_000_003 + year * 7_919) ^ StableHash(v.Code));
            var level = v.Quality + Drift(year) + Normal(random, 0, 0.03);
            var entered = new Dictionary<string, IndicatorValue>(catalog.Count);
            foreach (var indicator in catalog.Indicators)
            {
                if (random.NextDouble() < 0.004) continue; // not entered
                entered[indicator.Code] = indicator.Kind switch
                {
                    IndicatorKind.Veto => IndicatorValue.Of(random.NextDouble() < 0.003),
                    IndicatorKind.Boolean => IndicatorValue.Of(random.NextDouble() < level),
                    _ => IndicatorValue.Of(NumberValue(indicator, Math.Clamp(level + Normal(random, 0, 0.12), -0.2, 1.2))),
                };
            }
            values[v.Code] = entered;
        }
        return values;
    }

    /// <summary>
    /// How far the average village has come by the cycle with index <paramref name="year"/>: +0.025 a year for the
    /// action plan's three years (exactly the first three years' values of earlier versions, so existing seeds keep their
    /// files), then smaller steps that shrink by <see cref="DriftDecay"/> each year, so that the tiers settle instead
    /// of running away to all Demonstration: the drift never exceeds 0.05 + 0.025 × d / (1 − d).
    /// </summary>
    public static double Drift(int year)
    {
        if (year <= 2) return 0.025 * year;
        var drift = 0.05;
        var step = 0.025;
        for (var y = 3; y <= year; y++) drift += step *= DriftDecay;
        return drift;
    }

    /// <summary>Each year after the third improves by this share of the year before's step (0.6: Demonstration settles near 52%).</summary>
    private const double DriftDecay = 0.6;

    /// <summary>One CSV per county for the cycle with index <paramref name="year"/>.</summary>
    public IEnumerable<(string County, string Csv)> IndicatorFiles(int year)
    {
        var values = Values(year);
        foreach (var county in Villages.GroupBy(v => v.County))
        {
            var csv = new StringBuilder("village,indicator,value,note\n");
            foreach (var v in county)
                foreach (var (code, value) in values[v.Code])
                    csv.Append(v.Code).Append(',').Append(code).Append(',').Append(value.ToString()).Append(",\n");
            yield return (county.Key, csv.ToString());
        }
    }

    /// <summary>A value at <paramref name="fraction"/> of the way from floor to target, made valid: whole counts, rates within 0–100.</summary>
    private static decimal NumberValue(Indicator indicator, double fraction)
    {
        var floor = (double)indicator.Floor!.Value;
        var target = (double)indicator.Target!.Value;
        var raw = floor + fraction * (target - floor);
        if (indicator.Min is { } min) raw = Math.Max(raw, (double)min);
        if (indicator.Max is { } max) raw = Math.Min(raw, (double)max);
        return indicator.Whole ? (decimal)Math.Round(raw) : Math.Round((decimal)raw, 1);
    }

    internal static double Normal(Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>string.GetHashCode and HashCode.Combine are randomized per process; this is not.</summary>
    internal static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s) h = h * 31 + c;
            return h;
        }
    }
}

/// <summary>Builds a province deterministically from a seed: Chinese place names, 12-digit codes, villages spread over townships.</summary>
public static class ProvinceGenerator
{
    private const string Syllables = "东西南北中安平宁泰康昌兴华阳山河湖泉林桥庄屯集岭沟塘湾寨营青白红金石丰乐福寿永和顺德义仁明光新古双龙凤云高长广";
    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕";
    private const string Given = "建国秀英志刚丽强敏伟芳军霞平杰娟勇艳涛明超兰华红玉桂春海波宁";

    public static GeneratedProvince Generate(int villages, int seed = 1, ProvinceShape? shape = null, string provinceCode = "37")
    {
        shape ??= ProvinceShape.Default;
        var random = new Random(seed);
        var regions = new List<GeneratedRegion>();
        var province = provinceCode + "0000000000";
        regions.Add(new(province, Name(random, 2) + "省", "province", null));

        var townships = new List<(string Code, string County)>();
        for (var c = 0; c < shape.Cities; c++)
        {
            var city = $"{provinceCode}{c + 1:D2}00000000";
            regions.Add(new(city, Name(random, 2) + "市", "city", province));
            var countiesHere = Share(shape.Counties, shape.Cities, c);
            for (var d = 0; d < countiesHere; d++)
            {
                var county = $"{city[..4]}{d + 1:D2}000000";
                regions.Add(new(county, Name(random, 2) + (d == 0 ? "区" : "县"), "county", city));
                var countyIndex = regions.Count(r => r.Level == "county") - 1;
                var townshipsHere = Share(shape.Townships, shape.Counties, countyIndex);
                for (var t = 0; t < townshipsHere; t++)
                {
                    var township = $"{county[..6]}{100 + t + 1:D3}000";
                    regions.Add(new(township, Name(random, 2) + (t % 4 == 0 ? "街道" : t % 4 == 1 ? "乡" : "镇"), "township", county));
                    townships.Add((township, county));
                }
            }
        }

        var generated = new List<GeneratedVillage>(villages);
        for (var t = 0; t < townships.Count; t++)
        {
            var (township, county) = townships[t];
            var here = Share(villages, townships.Count, t);
            if (here > 799) throw new ArgumentException($"{villages} villages need more townships than {townships.Count} (at most 799 each)");
            var names = new HashSet<string>();
            for (var v = 0; v < here; v++)
            {
                var code = $"{township[..9]}{200 + v + 1:D3}";
                string name;
                do name = Name(random, 2) + "村"; while (!names.Add(name));
                var secretary = Surnames[random.Next(Surnames.Length)] + Name(random, random.Next(1, 3), Given);
                // Quality: where the village stands at the start; the first cycle has ~28% Demonstration.
                var quality = Math.Clamp(GeneratedProvince.Normal(random, 0.755, 0.17), 0.05, 1.05);
                var village = new GeneratedVillage(code, county, township, name, secretary, random.Next(12, 160), quality);
                generated.Add(village);
                regions.Add(new(code, name, "village", township));
            }
        }
        return new GeneratedProvince { Code = province, Seed = seed, Regions = regions, Villages = generated };
    }

    /// <summary>Spreads <paramref name="total"/> over <paramref name="parts"/> as evenly as whole numbers allow.</summary>
    private static int Share(int total, int parts, int index) => total / parts + (index < total % parts ? 1 : 0);

    private static string Name(Random random, int length, string from = Syllables)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++) sb.Append(from[random.Next(from.Length)]);
        return sb.ToString();
    }
}
