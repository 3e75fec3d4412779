using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Reads <see cref="LimitsOptions"/> with the rules of <see cref="ServingOptionsReader"/> (switch wins over its
/// <c>SERVING_…</c> variable): <c>--max-queued-requests</c> (0 … 1,000,000, default 0 = unbounded),
/// <c>--rate-limit-rps</c> (0 … 1,000,000, default 0 = off) and <c>--rate-limit-burst</c> (1 … 1,000,000, default the
/// rate; only with a rate).
/// </summary>
public static class LimitsOptionsReader
{
    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["max-queued-requests", "rate-limit-rps", "rate-limit-burst"];

    /// <summary>Reads the limits; each bad value adds one message to <paramref name="problems"/>.</summary>
    public static LimitsOptions Read(IConfiguration configuration, List<string> problems)
    {
        var queued = ServingOptionsReader.Integer(configuration, "max-queued-requests", 0, 0, 1_000_000, problems);
        var rps = ServingOptionsReader.Integer(configuration, "rate-limit-rps", 0, 0, 1_000_000, problems);
        var burst = ServingOptionsReader.Integer(configuration, "rate-limit-burst", Math.Max(1, rps), 1, 1_000_000, problems);
        if (rps == 0 && ServingOptionsReader.Text(configuration, "rate-limit-burst") is { } given)
        {
            problems.Add($"--rate-limit-burst (SERVING_RATE_LIMIT_BURST) needs --rate-limit-rps (SERVING_RATE_LIMIT_RPS) above 0, got burst '{given}' without a rate");
        }

        return new LimitsOptions((int)queued, (int)rps, rps == 0 ? 0 : (int)burst);
    }
}
