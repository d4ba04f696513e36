using System.Net;
using System.Net.Sockets;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// A TCP relay between a host and the test Azurite that a test can cut (connections refused, open
/// ones dropped) and restore: storage unreachable for a while, as a network or server outage looks
/// to the host, while Azurite itself keeps its data.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private readonly int port = TestStorage.FreePort();
    private readonly int target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? accepting;

    public StorageProxy()
    {
        var endpoint = new Uri(TestStorage.ConnectionString.Split(';').Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]);
        target = endpoint.Port;
        Restore();
    }

    public string ConnectionString => TestStorage.ConnectionString.Replace($"127.0.0.1:{target}", $"127.0.0.1:{port}");

    public void Restore()
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        accepting = new CancellationTokenSource();
        var token = accepting.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(token); }
                catch (Exception) { return; }
                _ = RelayAsync(client);
            }
        });
    }

    public void Cut()
    {
        accepting?.Cancel();
        listener?.Stop();
        lock (open)
        {
            foreach (var c in open) c.Dispose();
            open.Clear();
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, target);
            lock (open) { open.Add(client); open.Add(upstream); }
            using var a = client.GetStream();
            using var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
        finally
        {
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
