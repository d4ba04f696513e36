using System.Text;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// A small region tree for tests: 山东省 with two cities, three counties, townships and villages,
/// plus a second province (广东省) so that "outside the region" is a real place.
/// </summary>
public static class Province
{
    public const string Code = "370000000000";
    public const string CityA = "370300000000";      // 淄博市
    public const string CountyA = "370322000000";    // 高青县
    public const string TownshipA = "370322102000";  // 田镇街道
    public const string VillageA = "370322102201";   // 大街村
    public const string CountyB = "370323000000";    // 沂源县
    public const string VillageB = "370323101201";   // 城关村
    public const string CityB = "370400000000";      // 枣庄市
    public const string CountyC = "370402000000";    // 市中区
    public const string OtherProvince = "440000000000";
    public const string OtherVillage = "440103001001";

    public static readonly string[] Villages =
    [
        "370322102201", "370322102202", "370322103201", "370323101201", "370323101202", "370402001201", "440103001001",
    ];

    public const string Csv = """
        code,name,level,parentCode,secretary,members
        370000000000,山东省,province,,,
        370300000000,淄博市,city,370000000000,,
        370322000000,高青县,county,370300000000,,
        370322102000,田镇街道,township,370322000000,,
        370322102201,大街村,village,370322102000,王建国,56
        370322102202,小街村,village,370322102000,李秀英,31
        370322103000,青城镇,township,370322000000,,
        370322103201,青城村,village,370322103000,赵志刚,48
        370323000000,沂源县,county,370300000000,,
        370323101000,南麻街道,township,370323000000,,
        370323101201,城关村,village,370323101000,孙丽,40
        370323101202,东关村,village,370323101000,周强,22
        370400000000,枣庄市,city,370000000000,,
        370402000000,市中区,county,370400000000,,
        370402001000,中心街道,township,370402000000,,
        370402001201,光明村,village,370402001000,吴敏,35
        440000000000,广东省,province,,,
        440100000000,广州市,city,440000000000,,
        440103000000,荔湾区,county,440100000000,,
        440103001000,沙面街道,township,440103000000,,
        440103001001,沙面村,village,440103001000,陈伟,18
        """;

    public static HttpContent CsvContent(string csv, string charset = "utf-8") =>
        new ByteArrayContent(charset == "gb18030" ? Gb18030.GetBytes(csv) : Encoding.UTF8.GetBytes(csv))
        {
            Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = charset } },
        };

    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }
}
