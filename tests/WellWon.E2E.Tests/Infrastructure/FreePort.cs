using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace WellWon.E2E.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>
    /// A loopback port nobody listens on, below the kernel's ephemeral range, so no outgoing connection's local end takes it
    /// between this check and the host binding it.
    /// </summary>
    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(Math.Max(1025, ephemeralStart - 12_000), ephemeralStart);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException("No free loopback port below the ephemeral range.");
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            ? start
            : 32768;
    }
}
