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
    public static string ToWire(this RegionLevel level) => level.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out RegionLevel level)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "province": level = RegionLevel.Province; return true;
            case "city": level = RegionLevel.City; return true;
            case "county": level = RegionLevel.County; return true;
            case "township": level = RegionLevel.Township; return true;
            case "village": level = RegionLevel.Village; return true;
            default: level = default; return false;
        }
    }
}
