using Assessment.Domain;

namespace Assessment.Storage;

/// <summary>Tiers packed one digit each, their rank ('0' for none): 70,000 villages' tiers in 70,000 characters.</summary>
public static class TierDigits
{
    public static string Pack(IEnumerable<Tier?> tiers) => string.Concat(tiers.Select(t => (char)('0' + (int)(t ?? 0))));

    public static Tier? Unpack(char digit) => digit == '0' ? null : (Tier)(digit - '0');
}
