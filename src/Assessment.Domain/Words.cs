using Assessment.Domain;
using System.Text;

namespace Assessment.Domain;

/// <summary>
/// The one codec for enum values as clients read and write them: the name in lower case, words
/// joined by '-' (<c>Tier.Demonstration</c> → "demonstration", <c>ProblemSource.SelfCheck</c> →
/// "self-check"). Reading takes exactly those words in any case, trimmed, never a number.
/// </summary>
public static class Words
{
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum => Cache<TEnum>.Wire[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Cache<TEnum>.Parse.TryGetValue(text.Trim(), out value)) return true;
        value = default;
        return false;
    }

    /// <summary>Every wire word of <typeparamref name="TEnum"/>, for messages ("use up, down or initial").</summary>
    public static string Choices<TEnum>() where TEnum : struct, Enum
    {
        var words = Enum.GetValues<TEnum>().Select(v => v.ToWire()).ToList();
        return words.Count == 1 ? words[0] : $"{string.Join(", ", words[..^1])} or {words[^1]}";
    }

    private static string Kebab(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Wire = Enum.GetValues<TEnum>().ToDictionary(v => v, v => Kebab(v.ToString()));
        public static readonly Dictionary<string, TEnum> Parse = Wire.ToDictionary(w => w.Value, w => w.Key, StringComparer.OrdinalIgnoreCase);
    }
}
