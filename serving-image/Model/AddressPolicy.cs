using System.Net;
using System.Net.Sockets;

namespace Rollouts.Serving.Model;

/// <summary>
/// Which IP addresses a model download may connect to (a pure function of the address). Always refused: link-local
/// (169.254.0.0/16, which holds the AWS/GCP/Azure metadata service 169.254.169.254, and fe80::/10), the AWS IPv6
/// metadata address fd00:ec2::254, Alibaba Cloud's 100.100.100.200, Oracle Cloud's 192.0.0.192, Azure's host address
/// 168.63.129.16, "this network" 0.0.0.0/8 and ::, multicast, broadcast and reserved 240.0.0.0/4. With
/// <c>denyPrivate</c> also loopback (127.0.0.0/8, ::1), RFC 1918 (10/8, 172.16/12, 192.168/16), shared address space
/// (100.64.0.0/10) and unique-local IPv6 (fc00::/7). IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d,
/// IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPAddress Network, int Prefix, string Why)[] AlwaysRefused =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "'this network' (0.0.0.0/8)"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local (169.254.0.0/16, cloud metadata services)"),
        (IPAddress.Parse("100.100.100.200"), 32, "the Alibaba Cloud metadata service"),
        (IPAddress.Parse("192.0.0.192"), 32, "the Oracle Cloud metadata service"),
        (IPAddress.Parse("168.63.129.16"), 32, "the Azure host service address"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast (224.0.0.0/4)"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved or broadcast (240.0.0.0/4)"),
        (IPAddress.Parse("::"), 128, "the unspecified address ::"),
        (IPAddress.Parse("fe80::"), 10, "link-local (fe80::/10)"),
        (IPAddress.Parse("fd00:ec2::254"), 128, "the AWS IPv6 metadata service (fd00:ec2::254)"),
        (IPAddress.Parse("ff00::"), 8, "multicast (ff00::/8)"),
    ];

    private static readonly (IPAddress Network, int Prefix, string Why)[] Private =
    [
        (IPAddress.Parse("127.0.0.0"), 8, "loopback (127.0.0.0/8)"),
        (IPAddress.Parse("10.0.0.0"), 8, "private (10.0.0.0/8)"),
        (IPAddress.Parse("172.16.0.0"), 12, "private (172.16.0.0/12)"),
        (IPAddress.Parse("192.168.0.0"), 16, "private (192.168.0.0/16)"),
        (IPAddress.Parse("100.64.0.0"), 10, "shared address space (100.64.0.0/10)"),
        (IPAddress.Parse("::1"), 128, "loopback (::1)"),
        (IPAddress.Parse("fc00::"), 7, "unique-local (fc00::/7)"),
    ];

    /// <summary>
    /// Null when a download may connect to <paramref name="address"/>; otherwise why not, e.g.
    /// <c>"169.254.169.254 is link-local (169.254.0.0/16, cloud metadata services)"</c>.
    /// </summary>
    /// <param name="address">An IPv4 or IPv6 address, as resolved or as written in the URL.</param>
    /// <param name="denyPrivate">Whether loopback and private ranges are refused too (<c>--model-fetch-deny-private</c>).</param>
    public static string? Refusal(IPAddress address, bool denyPrivate)
    {
        var judged = EmbeddedIPv4(address) ?? address;
        var why = Match(judged, AlwaysRefused) ?? (denyPrivate ? Match(judged, Private) : null);
        if (why is null)
        {
            return null;
        }

        return judged.Equals(address) ? $"{address} is {why}" : $"{address} carries {judged}, which is {why}";
    }

    /// <summary>The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address, or null.</summary>
    internal static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && b.AsSpan(12).IndexOfAnyExcept((byte)0) >= 0
            && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1);
        return nat64 || compatible ? new IPAddress(b.AsSpan(12, 4)) : null;
    }

    private static string? Match(IPAddress address, (IPAddress Network, int Prefix, string Why)[] ranges)
    {
        foreach (var (network, prefix, why) in ranges)
        {
            if (network.AddressFamily == address.AddressFamily && new IPNetwork(network, prefix).Contains(address))
            {
                return why;
            }
        }

        return null;
    }
}
