using System.Text;

namespace Assessment.Domain.Csv;

/// <summary>One data row of a CSV file; <see cref="Number"/> counts as a spreadsheet does (header = 1).</summary>
public sealed record CsvRow(int Number, IReadOnlyList<string> Cells)
{
    public string this[int column] => column < Cells.Count ? Cells[column] : "";
}

/// <summary>A decoded CSV file: its header and rows.</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<CsvRow> Rows)
{
    /// <summary>
    /// What the file says, as a hash: its header and rows after decoding. A BOM, line endings, blank
    /// lines or the encoding (UTF-8 or GB18030) do not change it; any cell does.
    /// </summary>
    public string ContentHash()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(IReadOnlyList<string> cells)
        {
            foreach (var cell in cells) hash.AppendData(System.Text.Encoding.UTF8.GetBytes(cell + "\u001F"));
            hash.AppendData("\u001E"u8);
        }
        Add(Header);
        foreach (var row in Rows) Add(row.Cells);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Index of each expected column; a missing required column makes the file unreadable.</summary>
    public Dictionary<string, int> Columns(IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Header.Count; i++)
        {
            var name = Header[i].Trim();
            if (name.Length > 0 && !index.ContainsKey(name)) index[name] = i;
        }
        var missing = required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            var errors = missing.Select(c => new ValidationError($"the header has no '{c}' column; expected {string.Join(",", required)}", Row: 1, Column: c)).ToList();
            throw new MalformedInputException(
                $"The CSV header is '{string.Join(",", Header)}'; it must name the columns {string.Join(",", required)}" +
                (optional.Count > 0 ? $" (optional: {string.Join(",", optional)})" : "") + $". Missing: {string.Join(", ", missing)}.",
                errors);
        }
        return index.Where(kv => required.Contains(kv.Key, StringComparer.OrdinalIgnoreCase) || optional.Contains(kv.Key, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(kv => required.Concat(optional).First(c => string.Equals(c, kv.Key, StringComparison.OrdinalIgnoreCase)), kv => kv.Value);
    }
}

/// <summary>
/// Reads the CSV files officers export from spreadsheets: RFC 4180 quoting, CRLF or LF, UTF-8 with
/// or without BOM, or GB18030 when the upload says so. Decoding is strict: a GB18030 file sent as
/// UTF-8 is refused with an "encoding" message instead of turning its Chinese names into garbage.
/// </summary>
public static class CsvText
{
    static CsvText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The charsets an upload may name; null or empty means UTF-8.</summary>
    public static Encoding? EncodingFor(string? charset) => charset?.Trim().Trim('"').ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => StrictUtf8,
        "gb18030" or "gbk" or "gb2312" => Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => null,
    };

    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        var encoding = EncodingFor(charset)
            ?? throw new MalformedInputException($"The charset '{charset}' is not supported; send UTF-8 or charset=gb18030.");
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw new MalformedInputException("The file is not a CSV text file (it contains binary data). Export the sheet as CSV and upload that.");
        }
        var isUtf8 = encoding.CodePage == Encoding.UTF8.CodePage;
        if (isUtf8 && bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[3..];
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? $" at byte {e.Index}" : "";
            throw new MalformedInputException(isUtf8
                ? $"The file's encoding is not UTF-8 (invalid byte sequence{at}). A spreadsheet saved as GB18030/GBK must be uploaded with 'Content-Type: text/csv; charset=gb18030'; otherwise save it as 'CSV UTF-8'."
                : $"The file's encoding is not {encoding.WebName} (invalid byte sequence{at}).");
        }
    }

    public static CsvTable Parse(string text)
    {
        // Each record keeps the number a spreadsheet shows for it, blank lines included.
        var records = new List<(int Number, List<string> Cells)>();
        var recordNumber = 0;
        var field = new StringBuilder();
        var record = new List<string>();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        var fieldWasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                case '"':
                    throw new MalformedInputException($"Row {recordNumber + 1} is not valid CSV: a quote appears inside an unquoted field (line {line}).",
                        [new ValidationError("a quote appears inside an unquoted field", Row: recordNumber + 1)]);
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    AddRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes)
        {
            throw new MalformedInputException($"Row {recordNumber + 1} is not valid CSV: a quoted field is never closed (it starts on line {recordLine}).",
                [new ValidationError("a quoted field is never closed", Row: recordNumber + 1)]);
        }
        if (field.Length > 0 || record.Count > 0 || fieldWasQuoted)
        {
            record.Add(field.ToString());
            AddRecord();
        }
        if (records.Count == 0)
        {
            throw new MalformedInputException("The file is empty: a CSV with a header row is expected.");
        }
        var header = records[0].Cells;
        var rows = new List<CsvRow>(records.Count - 1);
        for (var r = 1; r < records.Count; r++) rows.Add(new CsvRow(records[r].Number, records[r].Cells));
        return new CsvTable(header, rows);

        void AddRecord()
        {
            // Spreadsheets leave blank lines and trailing separators behind; a record of empty cells is no row.
            recordNumber++;
            if (!record.All(string.IsNullOrWhiteSpace)) records.Add((recordNumber, record));
            record = [];
        }
    }

    public static CsvTable Read(ReadOnlySpan<byte> bytes, string? charset) => Parse(Decode(bytes, charset));
}
