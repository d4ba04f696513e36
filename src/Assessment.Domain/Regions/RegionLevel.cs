namespace Assessment.Domain.Regions;

/// <summary>Levels of the statistical division tree (统计用区划代码), top first.</summary>
public enum RegionLevel
{
    Province = 1, // 省
    City = 2,     // 市
    County = 3,   // 县
    Township = 4, // 乡镇
    Village = 5,  // 村
}

public static class RegionLevels
{
    public static bool TryParse(string? text, out RegionLevel level) => Words.TryParse(text, out level);
}
