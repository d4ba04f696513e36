namespace Assessment.Domain;

/// <summary>Enum values as clients write them: a defined name in any case, never a number.</summary>
public static class Words
{
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
}
