using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Reads <see cref="SecurityOptions"/> with the rules of <see cref="ServingOptionsReader"/> (switch wins over its
/// <c>SERVING_…</c> variable). <c>--jwt-issuer</c>, <c>--jwt-audience</c> and <c>--jwt-signing-keys-file</c> come
/// together or not at all; <c>--metrics-port</c> is 1 … 65535. The files are read when the server is built
/// (<see cref="ServingHost"/>), so a missing or empty one is reported there.
/// </summary>
public static class SecurityOptionsReader
{
    private static readonly string[] JwtKeys = ["jwt-issuer", "jwt-audience", "jwt-signing-keys-file"];

    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["api-keys-file", .. JwtKeys, "metrics-port"];

    /// <summary>Reads the settings; each bad value adds one message to <paramref name="problems"/>.</summary>
    public static SecurityOptions Read(IConfiguration configuration, List<string> problems)
    {
        var keys = ServingOptionsReader.Text(configuration, "api-keys-file");
        var jwt = JwtKeys.Select(k => ServingOptionsReader.Text(configuration, k)).ToArray();
        if (jwt.Any(v => v is not null) && jwt.Any(v => v is null))
        {
            var missing = JwtKeys.Where((_, i) => jwt[i] is null).Select(k => $"--{k} ({ServingOptionsReader.EnvironmentVariableFor(k)})");
            var given = JwtKeys.Where((_, i) => jwt[i] is not null).Select(k => $"--{k}");
            problems.Add($"JWT authentication needs --jwt-issuer, --jwt-audience and --jwt-signing-keys-file together: got {string.Join(", ", given)}, missing {string.Join(", ", missing)}");
        }

        int? metricsPort = ServingOptionsReader.Text(configuration, "metrics-port") is null
            ? null
            : (int)ServingOptionsReader.Integer(configuration, "metrics-port", 0, 1, 65535, problems);
        return jwt.All(v => v is not null)
            ? new SecurityOptions(keys, jwt[0], jwt[1], jwt[2], metricsPort)
            : new SecurityOptions(keys, null, null, null, metricsPort);
    }
}
