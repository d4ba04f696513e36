using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Assessment.Abstractions;
using Assessment.Domain;

namespace Assessment.Host.Api;

/// <summary>A page of a list: <c>{items, next}</c>; <c>next</c> goes back as <c>after</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Page sizes and cursors. A cursor is opaque: the last key of a page and a signature over it, so that
/// a cursor this service did not give out (junk, "null", an edited one) is the same 400 on every list,
/// never silently "the first page". The signature is not a secret: a cursor grants nothing that a
/// caller could not ask for with another cursor; it only tells ours from anything else.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly byte[] SigningKey = SHA256.HashData("Assessment paging cursor v1"u8);
    private const int SignatureBytes = 8;

    /// <summary>
    /// The page size and the key to continue after. A limit out of range is a validation error (422,
    /// returned); an <paramref name="after"/> this service did not give out is malformed (400, thrown).
    /// </summary>
    public static bool TryRead(int? limit, string? after, out int pageSize, out string? afterKey, out ValidationError? error)
    {
        pageSize = limit ?? DefaultLimit;
        afterKey = null;
        error = null;
        if (pageSize is < 1 or > MaxLimit)
        {
            error = new ValidationError($"limit must be between 1 and {MaxLimit}; got {pageSize}", Field: "limit");
            return false;
        }
        if (after is null) return true;
        afterKey = Open(after) ?? throw NotACursor();
        return true;
    }

    public static Refused NotACursor() =>
        new(RefusalKind.Malformed, "'after' is not a cursor this service gave out: pass back the 'next' of the previous page, or leave 'after' out for the first page.",
            [new ValidationError("not a cursor this service gave out", Field: "after")]);

    public static string? Cursor(string? key)
    {
        if (key is null) return null;
        var bytes = Encoding.UTF8.GetBytes(key);
        return Base64Url.EncodeToString([.. bytes, .. Sign(bytes)]);
    }

    private static string? Open(string cursor)
    {
        byte[] raw;
        try { raw = Base64Url.DecodeFromChars(cursor); }
        catch (FormatException) { return null; }
        if (raw.Length <= SignatureBytes) return null;
        var key = raw[..^SignatureBytes];
        return CryptographicOperations.FixedTimeEquals(raw[^SignatureBytes..], Sign(key)) ? Encoding.UTF8.GetString(key) : null;
    }

    private static byte[] Sign(byte[] key) => HMACSHA256.HashData(SigningKey, key)[..SignatureBytes];
}
