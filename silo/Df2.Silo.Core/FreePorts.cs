using System.Net;
using System.Net.Sockets;

namespace Df2.Silo.Core;

/// <summary>
/// Free TCP ports for local silos (silo, gateway, HTTP). The kernel may hand the same ephemeral port to two
/// consecutive bind(0) calls once the first listener is closed, so a port is never returned twice by this process:
/// a silo whose HTTP port equalled its silo port failed CI once with "address already in use".
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                var port = ((IPEndPoint)l.LocalEndpoint).Port;
                l.Stop();
                if (Given.Add(port)) return port;
            }
        }
    }
}
