using System.Net;
using System.Net.Sockets;

namespace Orleans.Lse.Grains.Hosting;

/// <summary>Ports for silos started on this machine by tools and tests.</summary>
public static class LocalPorts
{
    /// <summary>A TCP port that was free on the loopback interface a moment ago (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
