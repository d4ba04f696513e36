using Assessment.Generator;
using FluentAssertions;
using static Assessment.Host.Tests.Infrastructure.SpecOracle;

namespace Assessment.Host.Tests;

/// <summary>The synthetic province generator (tools/generate) that the benchmark and the end-to-end tests build on.</summary>
public class GeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_province_and_files_and_another_seed_another()
    {
        var a = ProvinceGenerator.Generate(3000, seed: 9);
        var b = ProvinceGenerator.Generate(3000, seed: 9);
        a.RegionCsv().Should().Be(b.RegionCsv());
        a.IndicatorFiles(1).Should().Equal(b.IndicatorFiles(1));
        ProvinceGenerator.Generate(3000, seed: 10).RegionCsv().Should().NotBe(a.RegionCsv());
    }

    [Fact]
    public void The_default_province_has_16_cities_136_counties_about_1800_townships_and_Chinese_names()
    {
        var p = ProvinceGenerator.Generate(5000, seed: 1);
        p.Regions.Count(r => r.Level == "city").Should().Be(16);
        p.Regions.Count(r => r.Level == "county").Should().Be(136);
        p.Regions.Count(r => r.Level == "township").Should().BeInRange(1700, 1900);
        p.Villages.Should().HaveCount(5000);
        p.Villages.Select(v => v.Code).Should().OnlyHaveUniqueItems();
        p.Villages.Should().OnlyContain(v => v.Name.EndsWith('村') && v.Name.All(c => c >= 0x4E00 && c <= 0x9FFF));
        p.IndicatorFiles(0).Should().HaveCount(136, "one file per county");
    }

    [Fact]
    public void Tiers_drift_upward_over_the_three_cycles_like_the_action_plans()
    {
        var p = ProvinceGenerator.Generate(6000, seed: 2);
        var tiers = new Dictionary<string, int>();
        var shares = new List<double>();
        for (var year = 0; year < 3; year++)
        {
            var values = p.Values(year);
            foreach (var v in p.Villages)
                tiers[v.Code] = Propose(tiers.TryGetValue(v.Code, out var t) ? t : null, Score(values[v.Code]), Veto(values[v.Code]));
            shares.Add(tiers.Values.Count(t => t == Demonstration) / (double)p.Villages.Count);
        }
        shares[0].Should().BeInRange(0.24, 0.33, "the plan starts near 28.3% Demonstration");
        shares[2].Should().BeInRange(0.36, 0.46, "and ends near 40.4%");
        shares.Should().BeInAscendingOrder();
    }
}
