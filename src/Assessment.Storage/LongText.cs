using Azure.Data.Tables;

namespace Assessment.Storage;

/// <summary>
/// Text longer than one table property may hold (64 KiB of UTF-16), split over the properties
/// "{name}0", "{name}1", … and joined again when read.
/// </summary>
public static class LongText
{
    /// <summary>Characters per property, under the 32,768 a property holds.</summary>
    public const int CharsPerProperty = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        for (int i = 0, at = 0; at < text.Length || i == 0; i++, at += CharsPerProperty)
        {
            entity[$"{name}{i}"] = text.Substring(at, Math.Min(CharsPerProperty, Math.Max(0, text.Length - at)));
        }
    }

    public static string Read(TableEntity entity, string name)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; entity.GetString($"{name}{i}") is { } piece; i++) text.Append(piece);
        return text.ToString();
    }
}
