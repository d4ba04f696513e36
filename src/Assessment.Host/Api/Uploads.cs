using Assessment.Domain.Csv;
using Assessment.Host.Spreadsheets;
using Microsoft.Net.Http.Headers;

namespace Assessment.Host.Api;

public sealed class BodyTooLargeException(long limit) : Exception($"body over {limit} bytes")
{
    public long Limit { get; } = limit;
}

public sealed class UnsupportedMediaTypeException(string message) : Exception(message);

/// <summary>Reading uploaded files: the size limit, and the CSV (with its charset) or XLSX content type.</summary>
public static class Uploads
{
    /// <summary>Uploads up to 16 MiB are accepted (api.md): a whole province's region file fits.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public static Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct) => ReadBodyAsync(request.Body, request.ContentLength, ct);

    /// <summary>A body or an uploaded form file (the pages' upload), up to <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]> ReadBodyAsync(Stream body, long? length, CancellationToken ct)
    {
        if (length > MaxBytes) throw new BodyTooLargeException(MaxBytes);
        using var buffer = new MemoryStream(length is { } n ? (int)n : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new BodyTooLargeException(MaxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a table upload: a <c>text/csv</c> body, whose charset (UTF-8 by default, or GB18030) decides
    /// the decoding, or an XLSX workbook's first sheet. Both give the same table, so the same rules apply.
    /// </summary>
    public static Task<CsvTable> ReadTableAsync(HttpRequest request, CancellationToken ct) =>
        ReadTableAsync(request.Body, request.ContentLength, request.ContentType, ct);

    public static async Task<CsvTable> ReadTableAsync(Stream body, long? length, string? contentType, CancellationToken ct)
    {
        if (IsXlsx(contentType)) return XlsxReader.Read(await ReadBodyAsync(body, length, ct));
        var charset = CsvCharset(contentType);
        return CsvText.Read(await ReadBodyAsync(body, length, ct), charset);
    }

    /// <summary>Whether the body is declared an XLSX workbook.</summary>
    public static bool IsXlsx(HttpRequest request) => IsXlsx(request.ContentType);

    public static bool IsXlsx(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals(ReportFormats.Xlsx, StringComparison.OrdinalIgnoreCase);

    /// <summary>The charset of a <c>text/csv</c> body (null: UTF-8); any other content type but XLSX is refused.</summary>
    public static string? CsvCharset(HttpRequest request) => CsvCharset(request.ContentType);

    public static string? CsvCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) ||
            !(type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UnsupportedMediaTypeException(
                $"Send the file as 'Content-Type: text/csv' (add '; charset=gb18030' for a GB18030 file) or as an Excel workbook, " +
                $"'Content-Type: {ReportFormats.Xlsx}'; got '{contentType ?? "none"}'.");
        }
        return type.Charset.HasValue ? type.Charset.Value : null;
    }
}
