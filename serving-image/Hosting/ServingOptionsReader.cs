using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Binds and validates <see cref="ServingOptions"/> from configuration: a command-line switch
/// (<c>--model-name</c>) wins over its environment variable (<c>SERVING_MODEL_NAME</c>).
/// </summary>
public static partial class ServingOptionsReader
{
    /// <summary>Default most rows per Run.</summary>
    public const int DefaultMaxBatchSize = 64;

    /// <summary>Default batching delay in microseconds.</summary>
    public const int DefaultMaxBatchDelayMicroseconds = 500;

    /// <summary>Default request body limit: 4 MiB.</summary>
    public const long DefaultMaxRequestBytes = 4L * 1024 * 1024;

    /// <summary>Default drift window in rows.</summary>
    public const int DefaultDriftWindow = 1000;

    /// <summary>The switches this reader owns, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "model-name", "model-version", "model-uri", "model-sha256", "baseline-uri", "max-batch-size", "max-batch-delay-us",
        "intra-op-threads", "max-request-bytes", "drift-window", "allow-spinning",
    ];

    /// <summary>
    /// Reads every option; returns the options, or null with one message per bad or missing value
    /// (each naming the switch, the environment variable, what is expected and what came).
    /// </summary>
    public static ServingOptions? Read(IConfiguration configuration, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var name = Required(configuration, "model-name", problems);
        var version = Text(configuration, "model-version") ?? "1";
        var uri = Required(configuration, "model-uri", problems);
        var sha = Text(configuration, "model-sha256");
        if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            problems.Add($"--model-sha256 (SERVING_MODEL_SHA256): expected 64 hexadecimal characters, got '{sha}'");
        }

        if (name is not null && (name.Contains('/') || name.Length == 0))
        {
            problems.Add($"--model-name (SERVING_MODEL_NAME): expected a name without '/', got '{name}'");
        }

        var baseline = Text(configuration, "baseline-uri");
        var maxBatch = Integer(configuration, "max-batch-size", DefaultMaxBatchSize, 1, 1_000_000, problems);
        var delay = Integer(configuration, "max-batch-delay-us", DefaultMaxBatchDelayMicroseconds, 0, 10_000_000, problems);
        var threads = Integer(configuration, "intra-op-threads", 0, 0, 1024, problems);
        var maxBytes = Integer(configuration, "max-request-bytes", DefaultMaxRequestBytes, 64, 2L * 1024 * 1024 * 1024, problems);
        var window = Integer(configuration, "drift-window", DefaultDriftWindow, 1, 10_000_000, problems);
        var spinning = Boolean(configuration, "allow-spinning", problems);
        var fetch = FetchOptionsReader.Read(configuration, problems);
        GrpcOptions.Read(configuration, problems);
        var limits = LimitsOptionsReader.Read(configuration, problems);
        var security = SecurityOptionsReader.Read(configuration, problems);
        var cache = CacheOptions.Read(configuration, problems);
        var identity = SeriesIdentity.Read(configuration, problems);
        var drain = DrainOptions.Read(configuration, problems);
        var shadow = ShadowOptions.Read(configuration, problems);

        errors = problems;
        if (problems.Count > 0)
        {
            return null;
        }

        return new ServingOptions(name!, version, uri!, sha?.ToLowerInvariant(), baseline, (int)maxBatch, (int)delay,
            (int)threads, spinning, maxBytes, (int)window) { Fetch = fetch, Limits = limits, Security = security, Cache = cache, Identity = identity, Drain = drain, Shadow = shadow };
    }

    /// <summary>The environment variable that backs a switch: <c>model-name</c> → <c>SERVING_MODEL_NAME</c>.</summary>
    public static string EnvironmentVariableFor(string key) =>
        "SERVING_" + key.Replace('-', '_').ToUpperInvariant();

    internal static string? Text(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration[EnvironmentVariableFor(key)];
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static string? Required(IConfiguration configuration, string key, List<string> problems)
    {
        var value = Text(configuration, key);
        if (value is null)
        {
            problems.Add($"--{key} ({EnvironmentVariableFor(key)}) is required");
        }

        return value;
    }

    internal static long Integer(IConfiguration configuration, string key, long fallback, long min, long max, List<string> problems)
    {
        var text = Text(configuration, key);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"--{key} ({EnvironmentVariableFor(key)}): expected an integer from {min} to {max}, got '{text}'");
            return fallback;
        }

        return value;
    }

    internal static bool Boolean(IConfiguration configuration, string key, List<string> problems)
    {
        var text = Text(configuration, key);
        if (text is null)
        {
            return false;
        }

        if (!bool.TryParse(text, out var value))
        {
            problems.Add($"--{key} ({EnvironmentVariableFor(key)}): expected true or false, got '{text}'");
        }

        return value;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
