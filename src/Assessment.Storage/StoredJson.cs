using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assessment.Storage;

/// <summary>
/// The stored format: plain camelCase JSON with enums as words. No CLR type names are written, so
/// renaming a class never makes old rows unreadable; new members read as their defaults.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
