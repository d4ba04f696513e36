using System.Globalization;

namespace Assessment.Domain.Problems;

/// <summary>
/// The province's clock (Asia/Shanghai): deadlines are dates there, so "today" and "the start of a
/// day" are read there, never on the server's clock or in UTC.
/// </summary>
public static class ProvinceTime
{
    public const string ZoneId = "Asia/Shanghai";

    /// <summary>
    /// Asia/Shanghai from the system's time zone data (tzdata on Linux). A slim container may have
    /// none; then a fixed UTC+08:00, which gives the same answers: China has kept +08:00 without
    /// daylight saving since 1991, before any date this product handles.
    /// </summary>
    public static TimeZoneInfo Zone { get; } = Find();

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }

    /// <summary>The date in the province at <paramref name="now"/> (e.g. 2024-06-30T16:00Z is 2024-07-01 there).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The instant at which <paramref name="date"/> begins in the province (00:00 local).</summary>
    public static DateTimeOffset StartOf(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>An instant as an officer reads it: "2024-07-06 09:00 (北京时间)".</summary>
    public static string Format(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (北京时间)";
}
