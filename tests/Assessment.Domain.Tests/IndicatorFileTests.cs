using Assessment.Domain.Csv;
using Assessment.Domain.Indicators;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>The wide layout of the indicator file: a row per village, a column per indicator.</summary>
public class IndicatorFileTests
{
    private const string A = "370322102201";
    private const string B = "370322102202";

    private static IndicatorFile.Result Read(string csv) =>
        IndicatorFile.Read(CsvText.Parse(csv), IndicatorCatalog.Default, v => v is A or B ? null : $"village {v} is unknown");

    [Theory]
    [InlineData("collective_income", "万元")]
    [InlineData("member_training_rate", "%")]
    public void The_unit_an_officer_sees_is_the_one_the_chinese_name_gives_in_brackets(string code, string unit) =>
        IndicatorCatalog.Default.Indicators.Single(i => i.Code == code).UnitInName().Should().Be(unit);

    [Fact]
    public void A_name_without_brackets_names_no_unit() =>
        (IndicatorCatalog.Default.Indicators[0] with { NameZh = "村党组织书记" }).UnitInName().Should().BeNull();

    [Fact]
    public void A_wide_file_names_indicators_by_code_or_chinese_name_and_an_empty_cell_is_no_value()
    {
        var result = Read($"村庄代码,乡镇,new_members,党支部领办合作社,备注\n{A},田镇街道,2,是,核实\n{B},田镇街道,,否,\n");
        result.Errors.Should().BeEmpty();
        result.Rows.Select(r => (r.Row, r.Village, r.Indicator, r.Value.ToString(), r.Note)).Should().Equal(
            (2, A, "new_members", "2", "核实"), (2, A, "cooperative_led", "true", "核实"), (3, B, "cooperative_led", "false", null));
    }

    [Fact]
    public void Errors_of_a_wide_file_name_the_row_and_the_column_as_headed()
    {
        var result = Read($"village,new_members,党员参训率(%)\n{A},2.5,101\n{A},1,\n370322999999,1,\n");
        result.Rows.Should().BeEmpty();
        result.Errors.Select(e => (e.Row, e.Column)).Should().BeEquivalentTo(new (int?, string?)[]
        {
            (2, "new_members"), (2, "党员参训率(%)"), (3, "village"), (4, "village"),
        });
        result.Errors.Single(e => e.Row == 3).Message.Should().Contain("first in row 2");
    }

    [Fact]
    public void An_unknown_or_repeated_indicator_column_is_refused_in_the_header()
    {
        Read($"village,new_member\n{A},2\n").Errors.Should().ContainSingle(e => e.Row == 1 && e.Column == "new_member" && e.Message.Contains("neither an indicator code"));
        Read($"village,new_members,年度发展党员数\n{A},2,2\n").Errors.Should().ContainSingle(e => e.Row == 1 && e.Message.Contains("two columns"));
        Read($"village,new_members\n{A},\n").Errors.Should().ContainSingle(e => e.Message.Contains("no values"));
    }

    [Fact]
    public void The_long_layout_is_still_read_when_the_header_has_an_indicator_column()
    {
        IndicatorFile.IsWide(["village", "indicator", "value"]).Should().BeFalse();
        IndicatorFile.IsWide(["village", "code", "value"]).Should().BeFalse("a long header with a misspelled column stays long");
        IndicatorFile.IsWide(["村庄代码", "new_members"]).Should().BeTrue();
        Read($"village,indicator,value\n{A},new_members,2\n").Rows.Should().ContainSingle(r => r.Indicator == "new_members");
    }
}
