using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Rollouts.Kubectl.Dashboard;

/// <summary>
/// Keeps other sites away from the local dashboard. Bound to a loopback address, every request must name a loopback
/// Host (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>) with the dashboard's port, so a page whose own name
/// resolves to 127.0.0.1 (DNS rebinding) reads nothing. An action (POST) must in addition come from the page itself:
/// an <c>Origin</c> equal to <c>http://</c> + Host, no <c>Sec-Fetch-Site</c> other than <c>same-origin</c>, and the
/// per-run token of the page in the <c>X-Mdep-Token</c> header (a custom header, which a cross-site form or a
/// no-CORS fetch cannot send).
/// </summary>
/// <param name="token">The per-run token, written into the page.</param>
/// <param name="address">The bound address.</param>
internal sealed class RequestGuard(string token, IPAddress address)
{
    /// <summary>The header that carries the token.</summary>
    public const string TokenHeader = "X-Mdep-Token";

    private readonly byte[] tokenBytes = Encoding.UTF8.GetBytes(token);

    /// <summary>The per-run token.</summary>
    public string Token => token;

    /// <summary>The bound port (set once the server listens).</summary>
    public int Port { get; set; }

    /// <summary>A new random token (128 bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Null when <paramref name="host"/> (the Host header) may reach the dashboard; else why not.</summary>
    public string? CheckHost(string? host)
    {
        if (!IPAddress.IsLoopback(address))
        {
            return null; // bound for other machines on purpose (--address): names cannot be listed
        }

        var parsed = new HostString(host ?? "");
        var name = parsed.HasValue ? parsed.Host.Trim('[', ']') : "";
        return parsed.Port == Port && (name == "localhost" || (IPAddress.TryParse(name, out var ip) && IPAddress.IsLoopback(ip)))
            ? null
            : $"unexpected Host '{host}': open the dashboard at http://127.0.0.1:{Port}/";
    }

    /// <summary>Null when an action request with these headers comes from the dashboard's own page; else why not.</summary>
    public string? CheckAction(string? host, string? origin, string? fetchSite, string? sentToken)
    {
        if (CheckHost(host) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrEmpty(origin) || !string.Equals(origin, $"http://{host}", StringComparison.OrdinalIgnoreCase))
        {
            return $"cross-origin request refused (Origin '{origin}')";
        }

        if (fetchSite is { Length: > 0 } && fetchSite != "same-origin")
        {
            return $"cross-site request refused (Sec-Fetch-Site '{fetchSite}')";
        }

        return sentToken is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sentToken), tokenBytes)
            ? null
            : "missing or wrong dashboard token: reload the page";
    }
}
