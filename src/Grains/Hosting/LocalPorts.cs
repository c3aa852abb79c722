using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Lse.Grains.Hosting;

/// <summary>
/// Ports for silos started on this machine by tools and tests, reserved for the life of the calling process.
/// </summary>
/// <remarks>
/// Asking the OS for port 0 and releasing it races: the OS hands the same port to the next port-0 bind or outgoing
/// connection before the silo binds it. These ports come from below the OS's ephemeral range, which it never hands out
/// by itself, and processes agree through a lock file per port (an flock, released when the process exits, even on
/// SIGKILL), so no two callers get the same port while either lives.
/// </remarks>
public static class LocalPorts
{
    private const int Span = 10_000;
    private static readonly List<FileStream> Held = [];
    private static readonly Lock Gate = new();

    /// <summary>A TCP port that is free on this machine now and that no other caller of this method is given while this process lives.</summary>
    public static int Free()
    {
        int first = FirstPort();
        var directory = Path.Combine(Path.GetTempPath(), "lse-ports");
        Directory.CreateDirectory(directory);
        int offset = Random.Shared.Next(Span);
        lock (Gate)
        {
            for (int i = 0; i < Span; i++)
            {
                int port = first + ((offset + i) % Span);
                FileStream? reservation = TryLock(Path.Combine(directory, port.ToString(CultureInfo.InvariantCulture) + ".lock"));
                if (reservation is null)
                {
                    continue;
                }

                if (IsFree(port))
                {
                    Held.Add(reservation);
                    return port;
                }

                reservation.Dispose();
            }
        }

        throw new InvalidOperationException($"No free TCP port in {first}-{first + Span - 1}: every one is in use or reserved under {directory}.");
    }

    /// <summary>The start of a span of ports just below the ephemeral range (Linux's default range starts at 32768).</summary>
    private static int FirstPort()
    {
        int low = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            low = int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or an unreadable setting: keep the default.
        }

        return Math.Max(1024, low - Span);
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            // FileShare.None takes an exclusive flock on Unix.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null; // another user's lock file: that user may hold the port
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
