using System.Net;
using System.Net.Sockets;

namespace Df2.Silo;

/// <summary>Free loopback TCP ports (the OS picks them), so several embedded runs and tests coexist on one machine.</summary>
public static class FreePorts
{
    public static int Next()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
