using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// The optional prediction cache (<see cref="Caching.PredictionCache"/>): <c>--cache-redis host:port</c>
/// (<c>SERVING_CACHE_REDIS</c>) turns it on against that Redis; <c>--cache-ttl</c> (<c>SERVING_CACHE_TTL</c>, a duration
/// from 100ms to 30 days, default 5m) is how long an entry lives; <c>--cache-timeout</c> (<c>SERVING_CACHE_TIMEOUT</c>, 10ms
/// to 10s, default 250ms) bounds each Redis command. Read with the rules of <see cref="ServingOptionsReader"/>.
/// </summary>
/// <param name="Redis">The Redis endpoint as <c>host:port</c>, or null when the cache is off.</param>
/// <param name="Ttl">How long a cached prediction lives in Redis.</param>
/// <param name="Timeout">The bound on one Redis command (a lookup or a store; the connect attempt gets four times it).</param>
public sealed record CacheOptions(string? Redis, TimeSpan Ttl, TimeSpan Timeout)
{
    /// <summary>The bound on one Redis command when <c>--cache-timeout</c> is not given: a lookup costs a miss at most this.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The entry lifetime when <c>--cache-ttl</c> is not given.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(5);

    /// <summary>The cache off.</summary>
    public static CacheOptions None { get; } = new(null, DefaultTtl, DefaultTimeout);

    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["cache-redis", "cache-ttl", "cache-timeout"];

    /// <summary>Whether predictions are cached.</summary>
    public bool Enabled => Redis is not null;

    /// <summary>Reads the options; each bad value adds one message to <paramref name="problems"/>.</summary>
    public static CacheOptions Read(IConfiguration configuration, List<string> problems)
    {
        var ttl = DurationOption.Read(configuration, "cache-ttl", DefaultTtl, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(30), problems);
        var timeout = DurationOption.Read(configuration, "cache-timeout", DefaultTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10), problems);
        var redis = ServingOptionsReader.Text(configuration, "cache-redis");
        if (redis is null)
        {
            if (ServingOptionsReader.Text(configuration, "cache-ttl") is { } given)
            {
                problems.Add($"--cache-ttl (SERVING_CACHE_TTL) needs --cache-redis (SERVING_CACHE_REDIS), got ttl '{given}' without a Redis");
            }

            if (ServingOptionsReader.Text(configuration, "cache-timeout") is { } bound)
            {
                problems.Add($"--cache-timeout (SERVING_CACHE_TIMEOUT) needs --cache-redis (SERVING_CACHE_REDIS), got '{bound}' without a Redis");
            }

            return None;
        }

        var colon = redis.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(redis.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problems.Add($"--cache-redis (SERVING_CACHE_REDIS): expected host:port such as redis:6379, got '{redis}'");
            return None;
        }

        return new CacheOptions(redis, ttl, timeout);
    }
}
