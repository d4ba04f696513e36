using System.Buffers.Text;
using System.Text;
using Assessment.Domain;

namespace Assessment.Host.Api;

/// <summary>A page of a list: <c>{items, next}</c>; <c>next</c> goes back as <c>after</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

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
        if (string.IsNullOrEmpty(after)) return true;
        try
        {
            afterKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(after));
            return true;
        }
        catch (FormatException)
        {
            error = new ValidationError("after is not a cursor this service returned", Field: "after");
            return false;
        }
    }

    public static string? Cursor(string? key) => key is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));
}
