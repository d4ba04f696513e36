using Assessment.Domain.Csv;
using Assessment.Domain.Regions;
using FluentAssertions;

namespace Assessment.Domain.Tests;

public class RegionFileTests
{
    private const string Header = "code,name,level,parentCode,secretary,members\n";

    private static RegionFile.Result Read(string rows) => RegionFile.Read(CsvText.Parse(Header + rows));

    [Fact]
    public void A_whole_tree_in_one_file_is_accepted()
    {
        var result = Read("""
            370000000000,山东省,province,,,
            370300000000,淄博市,city,370000000000,,
            370322000000,高青县,county,370300000000,,
            370322102000,田镇街道,township,370322000000,,
            370322102201,大街村,village,370322102000,王建国,56
            """);
        result.Errors.Should().BeEmpty();
        result.Records.Should().HaveCount(5);
        result.Records[^1].Should().BeEquivalentTo(new { Name = "大街村", Secretary = "王建国", Members = 56 });
        RegionFile.ParentsOutsideFile(result.Records).Should().BeEmpty();
    }

    [Theory]
    [InlineData("37032210220,村,village,370322102000,,", "code", "12 digits")]
    [InlineData("370322102201,,village,370322102000,,", "name", "empty")]
    [InlineData("370322102201,村,township,370322102000,,", "level", "wrong level")]
    [InlineData("370322102201,村,hamlet,370322102000,,", "level", "not a level")]
    [InlineData("370322102201,村,village,370322000000,,", "parentCode", "cannot be the parent")]
    [InlineData("370322102201,村,village,,,", "parentCode", "needs a parentCode")]
    [InlineData("370322102201,村,village,370322102000,,-3", "members", "whole number")]
    [InlineData("370322000000,县,county,370300000000,张三,", "secretary", "only villages")]
    public void Each_bad_row_names_its_row_column_and_reason(string row, string column, string reason)
    {
        var result = Read(row);
        result.Records.Should().BeEmpty();
        result.Errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Row = 2, Column = column }, o => o.ExcludingMissingMembers());
        result.Errors[0].Message.Should().Contain(reason);
    }

    [Fact]
    public void A_name_of_65_characters_is_too_long_and_64_is_fine()
    {
        Read($"370322102201,{new string('村', 64)},village,370322102000,,").Errors.Should().BeEmpty();
        Read($"370322102201,{new string('村', 65)},village,370322102000,,").Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("at most 64");
    }

    [Fact]
    public void Duplicate_codes_point_at_the_first_occurrence()
    {
        var result = Read("370322102201,甲村,village,370322102000,,\n370322102201,乙村,village,370322102000,,");
        result.Errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Row = 3, Column = "code" }, o => o.ExcludingMissingMembers());
        result.Errors[0].Message.Should().Contain("first in row 2");
    }

    [Fact]
    public void A_parent_outside_the_file_must_be_stored()
    {
        var result = Read("370322102201,大街村,village,370322102000,,");
        RegionFile.ParentsOutsideFile(result.Records).Select(p => p.Value).Should().Equal("370322102000");
        RegionFile.CheckStoredParents(result.Records, new HashSet<string>()).Should().ContainSingle()
            .Which.Message.Should().Contain("unknown");
        RegionFile.CheckStoredParents(result.Records, new HashSet<string> { "370322102000" }).Should().BeEmpty();
    }

    [Fact]
    public void A_child_of_an_invalid_row_in_the_same_file_is_refused_too()
    {
        var result = Read("370322102000,,township,370322000000,,\n370322102201,大街村,village,370322102000,,");
        result.Errors.Select(e => e.Row).Should().Equal(2, 3);
    }
}
