using System.Net;
using System.Net.Sockets;

namespace Rollouts.Serving.Model;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of model downloads: resolves the host once, checks every
/// address with <see cref="AddressPolicy"/> (one refused address refuses the host), then connects to a checked address
/// itself, so the address checked is the address connected (a DNS answer that changes between check and connect, i.e.
/// DNS rebinding, cannot slip past). Runs for every new connection, so for every redirect hop to a new host.
/// </summary>
/// <param name="resolve">Host name → addresses; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> in production, injected in tests.</param>
/// <param name="denyPrivate">Whether loopback and private ranges are refused too.</param>
public sealed class GuardedConnector(Func<string, CancellationToken, Task<IPAddress[]>> resolve, bool denyPrivate)
{
    /// <summary>
    /// Opens a TCP connection to <paramref name="host"/>:<paramref name="port"/>. Fails with
    /// <see cref="ModelSourceException"/> when the host resolves to no address or to a refused one (message names the
    /// host, the address and the reason), or with <see cref="SocketException"/> when no checked address accepts.
    /// </summary>
    public async Task<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await AddressesAsync(host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The checked addresses of <paramref name="host"/> (an IP literal or a name), in the resolver's order.</summary>
    internal async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses = IPAddress.TryParse(literal, out var parsed)
            ? [parsed]
            : await resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new ModelSourceException($"host '{host}' resolves to no address");
        }

        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, denyPrivate) is { } why)
            {
                var named = IPAddress.TryParse(literal, out _) ? "" : $"'{host}' resolves to {address}; ";
                throw new ModelSourceException($"refused to connect: {named}{why}");
            }
        }

        return addresses;
    }
}
