using Assessment.Domain.Regions;
using FluentAssertions;

namespace Assessment.Domain.Tests;

public class DivisionCodeTests
{
    [Theory]
    [InlineData("370000000000", RegionLevel.Province)]
    [InlineData("370300000000", RegionLevel.City)]
    [InlineData("370322000000", RegionLevel.County)]
    [InlineData("370322102000", RegionLevel.Township)]
    [InlineData("370322102201", RegionLevel.Village)]
    public void The_level_is_read_from_the_deepest_non_zero_segment(string code, RegionLevel level) =>
        DivisionCode.Parse(code).Level.Should().Be(level);

    [Theory]
    [InlineData("370322102201", "370322102000")]
    [InlineData("370322102000", "370322000000")]
    [InlineData("370322000000", "370300000000")]
    [InlineData("370300000000", "370000000000")]
    public void The_parent_is_the_code_with_its_own_segment_zeroed(string code, string parent) =>
        DivisionCode.Parse(code).Parent!.Value.Value.Should().Be(parent);

    [Fact]
    public void A_province_has_no_parent() => DivisionCode.Parse("370000000000").Parent.Should().BeNull();

    [Fact]
    public void A_village_knows_its_county() =>
        DivisionCode.Parse("370322102201").County!.Value.Value.Should().Be("370322000000");

    [Fact]
    public void Above_county_level_there_is_no_county() =>
        DivisionCode.Parse("370300000000").County.Should().BeNull();

    [Theory]
    [InlineData("37032210220", "exactly 12 digits")]
    [InlineData("3703221022011", "exactly 12 digits")]
    [InlineData("37032210220x", "exactly 12 digits")]
    [InlineData("", "empty")]
    [InlineData("000000000000", "no province")]
    [InlineData("370300102201", "skips a level")]
    [InlineData("370322000201", "skips a level")]
    public void Malformed_codes_are_refused_with_a_reason(string text, string reason)
    {
        DivisionCode.TryParse(text, out var code, out var why).Should().BeFalse();
        code.Should().BeNull();
        why.Should().Contain(reason);
    }

    [Fact]
    public void A_county_contains_its_villages_and_not_its_neighbours()
    {
        var county = DivisionCode.Parse("370322000000");
        county.Contains(DivisionCode.Parse("370322102201")).Should().BeTrue();
        county.Contains(county).Should().BeTrue();
        county.Contains(DivisionCode.Parse("370323102201")).Should().BeFalse();
        county.Contains(DivisionCode.Parse("370300000000")).Should().BeFalse("a county does not contain its own city");
    }
}
