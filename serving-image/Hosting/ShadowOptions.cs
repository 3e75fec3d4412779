using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Shadow copies (<see cref="Shadow.ShadowSender"/>): <c>--shadow-config PATH</c> (<c>SERVING_SHADOW_CONFIG</c>), the
/// operator's <c>shadow.json</c>, polled; <c>--shadow-allowed-host-suffixes</c> (comma-separated, default
/// <c>.svc,.svc.cluster.local</c>), the hosts a copy may go to; <c>--shadow-max-in-flight</c> (default 32) and
/// <c>--shadow-timeout</c> (a duration, default 1s), beyond which a copy is dropped. Read with the rules of
/// <see cref="ServingOptionsReader"/>.
/// </summary>
/// <param name="ConfigPath">The shadow configuration file, or null when shadowing is off for good.</param>
/// <param name="AllowedHostSuffixes">Host suffixes a target URL must end in (compared case-insensitively).</param>
/// <param name="MaxInFlight">Most copies under way at once.</param>
/// <param name="Timeout">Longest wait for one copy's answer.</param>
public sealed record ShadowOptions(string? ConfigPath, IReadOnlyList<string> AllowedHostSuffixes, int MaxInFlight, TimeSpan Timeout)
{
    /// <summary>The host suffixes allowed by default: in-cluster Service names.</summary>
    public static IReadOnlyList<string> DefaultSuffixes { get; } = [".svc", ".svc.cluster.local"];

    /// <summary>No shadow configuration.</summary>
    public static ShadowOptions None { get; } = new(null, DefaultSuffixes, 32, TimeSpan.FromSeconds(1));

    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["shadow-config", "shadow-allowed-host-suffixes", "shadow-max-in-flight", "shadow-timeout"];

    /// <summary>Reads the options; each bad value adds one message to <paramref name="problems"/>.</summary>
    public static ShadowOptions Read(IConfiguration configuration, List<string> problems)
    {
        var path = ServingOptionsReader.Text(configuration, "shadow-config");
        var suffixes = ServingOptionsReader.Text(configuration, "shadow-allowed-host-suffixes") is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : DefaultSuffixes;
        if (suffixes.Count == 0 || suffixes.Any(s => !s.StartsWith('.') || s.Length < 2))
        {
            problems.Add($"--shadow-allowed-host-suffixes (SERVING_SHADOW_ALLOWED_HOST_SUFFIXES): expected comma-separated suffixes each starting with '.', such as .svc,.svc.cluster.local, got '{string.Join(',', suffixes)}'");
        }

        var inFlight = ServingOptionsReader.Integer(configuration, "shadow-max-in-flight", None.MaxInFlight, 1, 100_000, problems);
        var timeout = DurationOption.Read(configuration, "shadow-timeout", None.Timeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), problems);
        return new ShadowOptions(path, suffixes, (int)inFlight, timeout);
    }
}
