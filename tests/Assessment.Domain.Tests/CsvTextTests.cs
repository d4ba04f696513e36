using System.Text;
using Assessment.Domain.Csv;
using FluentAssertions;

namespace Assessment.Domain.Tests;

public class CsvTextTests
{
    static CsvTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var table = CsvText.Parse("a,b\r\n\"x, y\",\"he said \"\"hi\"\"\nnext line\"\r\n");
        table.Header.Should().Equal("a", "b");
        table.Rows.Should().ContainSingle();
        table.Rows[0].Cells.Should().Equal("x, y", "he said \"hi\"\nnext line");
    }

    [Fact]
    public void Rows_are_numbered_as_a_spreadsheet_shows_them_blank_lines_included()
    {
        var table = CsvText.Parse("a\n1\n\n2\n");
        table.Rows.Select(r => r.Number).Should().Equal(2, 4);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_column()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("code,name\n1,村\n")).ToArray();
        CsvText.Read(bytes, null).Header[0].Should().Be("code");
    }

    [Fact]
    public void A_gb18030_file_reads_back_its_chinese_text_when_the_charset_says_so()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("name\n高青县田镇街道\n");
        CsvText.Read(bytes, "gb18030").Rows[0][0].Should().Be("高青县田镇街道");
    }

    [Fact]
    public void A_gb18030_file_sent_as_utf8_is_an_encoding_error_not_garbled_text()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("name\n高青县田镇街道\n");
        var act = () => CsvText.Read(bytes, null);
        act.Should().Throw<MalformedInputException>().WithMessage("*encoding*gb18030*");
    }

    [Fact]
    public void Binary_content_is_not_a_csv()
    {
        var act = () => CsvText.Read(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x01 }, null);
        act.Should().Throw<MalformedInputException>().WithMessage("*not a CSV*");
    }

    [Fact]
    public void An_unclosed_quote_names_its_row()
    {
        var act = () => CsvText.Parse("a,b\n1,\"open\n");
        act.Should().Throw<MalformedInputException>().Which.Errors.Single().Row.Should().Be(2);
    }

    [Fact]
    public void A_missing_required_column_is_named()
    {
        var table = CsvText.Parse("code,name,level\n");
        var act = () => table.Columns(["code", "name", "level", "parentCode"], []);
        act.Should().Throw<MalformedInputException>().Which.Errors.Single().Column.Should().Be("parentCode");
    }
}
