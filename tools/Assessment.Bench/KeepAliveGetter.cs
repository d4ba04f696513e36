using System.Net.Sockets;
using System.Text;

namespace Assessment.Bench;

/// <summary>
/// B5's load: HTTP/1.1 GETs on one keep-alive connection, one at a time, each response read whole
/// (by its Content-Length, or its chunks). Not <see cref="HttpClient"/>: on the 2-core machine the
/// bench shares with the service, HttpClient's request and header objects took half a core at
/// 6,000 reads/s, a quarter of what the service itself had; this reader takes about a tenth of a
/// core at the same rate, so the figure measures the service rather than its client.
/// </summary>
public sealed class KeepAliveGetter : IDisposable
{
    private readonly Socket socket;
    private readonly string head;
    private byte[] request = new byte[1024];
    private byte[] buffer = new byte[16 * 1024];
    private int start, end;

    private KeepAliveGetter(Socket socket, string head) => (this.socket, this.head) = (socket, head);

    /// <summary>A connection to <paramref name="url"/>'s host, sending <paramref name="authorization"/> with every request.</summary>
    public static async Task<KeepAliveGetter> OpenAsync(Uri url, string? authorization, CancellationToken ct = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(url.Host, url.Port, ct);
        var head = $"Host: {url.Authority}\r\n" + (authorization is null ? "" : $"Authorization: {authorization}\r\n") + "\r\n";
        return new KeepAliveGetter(socket, head);
    }

    /// <summary>GET <paramref name="path"/>: its status code, once the whole response has been read.</summary>
    public async Task<int> GetAsync(string path, CancellationToken ct = default)
    {
        var text = $"GET {path} HTTP/1.1\r\n{head}";
        if (Encoding.ASCII.GetByteCount(text) > request.Length) request = new byte[text.Length * 2];
        var length = Encoding.ASCII.GetBytes(text, request);
        for (var sent = 0; sent < length;) sent += await socket.SendAsync(request.AsMemory(sent, length - sent), ct);

        var status = ParseStatus(await LineAsync(ct));
        long? contentLength = null;
        var chunked = false;
        for (var line = await LineAsync(ct); line.Length > 0; line = await LineAsync(ct))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        }
        if (chunked)
        {
            while (true)
            {
                var size = await LineAsync(ct);
                var semicolon = size.IndexOf(';');
                var n = Convert.ToInt64(semicolon < 0 ? size : size[..semicolon], 16);
                if (n == 0) break;
                await SkipAsync(n, ct);
                if ((await LineAsync(ct)).Length != 0) throw new InvalidDataException("a chunk does not end with CRLF");
            }
            while ((await LineAsync(ct)).Length > 0) { } // trailers, then the empty line
        }
        else if (contentLength is { } n) await SkipAsync(n, ct);
        else throw new InvalidDataException("a keep-alive response without Content-Length or chunks");
        return status;
    }

    private static int ParseStatus(string line) =>
        line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && line.Length >= 12 && int.TryParse(line.AsSpan(9, 3), out var status)
            ? status
            : throw new InvalidDataException($"not an HTTP/1.1 status line: {line}");

    /// <summary>The next line, without its CRLF.</summary>
    private async Task<string> LineAsync(CancellationToken ct)
    {
        while (true)
        {
            var at = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = Encoding.ASCII.GetString(buffer, start, at);
                start += at + 2;
                return line;
            }
            await FillAsync(ct);
        }
    }

    private async Task SkipAsync(long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (start == end) await FillAsync(ct);
            var n = (int)Math.Min(count, end - start);
            start += n;
            count -= n;
        }
    }

    /// <summary>Reads more from the socket after what is unread, moving that to the front (or growing the buffer) first.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            (end, start) = (end - start, 0);
        }
        if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        var read = await socket.ReceiveAsync(buffer.AsMemory(end), ct);
        if (read == 0) throw new IOException("the service closed the connection");
        end += read;
    }

    public void Dispose() => socket.Dispose();
}
