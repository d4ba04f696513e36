using System.Net;
using System.Net.Sockets;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>The real Azurite that tools/test starts; every host gets its own table prefix in it.</summary>
public static class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ASSESSMENT_TEST_STORAGE")
        ?? throw new InvalidOperationException("ASSESSMENT_TEST_STORAGE is not set: run the tests with tools/test, which starts Azurite for them.");

    /// <summary>A fresh table prefix, so that tests never see each other's data.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
