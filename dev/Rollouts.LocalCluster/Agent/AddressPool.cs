using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// Hands out pod addresses <c>PREFIX.2</c> … <c>PREFIX.254</c> in 127.0.0.0/8 (all routed to lo on Linux), skipping
/// addresses whose port is already taken on this machine (another run, another engineer's server).
/// </summary>
/// <param name="prefix">First three octets, e.g. <c>127.0.1</c>.</param>
public sealed class AddressPool(string prefix)
{
    private readonly HashSet<string> _used = [];
    private int _next = 2;

    /// <summary>A free address for a server on <paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">All 253 addresses are taken.</exception>
    public string Take(int port)
    {
        lock (_used)
        {
            for (var attempt = 0; attempt < 253; attempt++)
            {
                var host = _next;
                _next = _next >= 254 ? 2 : _next + 1;
                var ip = $"{prefix}.{host.ToString(CultureInfo.InvariantCulture)}";
                if (!_used.Contains(ip) && CanBind(ip, port))
                {
                    _used.Add(ip);
                    return ip;
                }
            }
        }

        throw new InvalidOperationException($"no free address in {prefix}.2-254 for port {port}");
    }

    /// <summary>Returns an address to the pool.</summary>
    public void Release(string ip)
    {
        lock (_used)
        {
            _used.Remove(ip);
        }
    }

    private static bool CanBind(string ip, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(ip), port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
