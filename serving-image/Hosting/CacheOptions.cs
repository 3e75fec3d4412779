using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// The optional prediction cache (<see cref="Caching.PredictionCache"/>): <c>--cache-redis host:port</c>
/// (<c>SERVING_CACHE_REDIS</c>) turns it on against that Redis; <c>--cache-ttl</c> (<c>SERVING_CACHE_TTL</c>, a duration
/// from 100ms to 30 days, default 5m) is how long an entry lives. Read with the rules of <see cref="ServingOptionsReader"/>.
/// </summary>
/// <param name="Redis">The Redis endpoint as <c>host:port</c>, or null when the cache is off.</param>
/// <param name="Ttl">How long a cached prediction lives in Redis.</param>
public sealed record CacheOptions(string? Redis, TimeSpan Ttl)
{
    /// <summary>The entry lifetime when <c>--cache-ttl</c> is not given.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(5);

    /// <summary>The cache off.</summary>
    public static CacheOptions None { get; } = new(null, DefaultTtl);

    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["cache-redis", "cache-ttl"];

    /// <summary>Whether predictions are cached.</summary>
    public bool Enabled => Redis is not null;

    /// <summary>Reads the options; each bad value adds one message to <paramref name="problems"/>.</summary>
    public static CacheOptions Read(IConfiguration configuration, List<string> problems)
    {
        var ttl = DurationOption.Read(configuration, "cache-ttl", DefaultTtl, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(30), problems);
        var redis = ServingOptionsReader.Text(configuration, "cache-redis");
        if (redis is null)
        {
            if (ServingOptionsReader.Text(configuration, "cache-ttl") is { } given)
            {
                problems.Add($"--cache-ttl (SERVING_CACHE_TTL) needs --cache-redis (SERVING_CACHE_REDIS), got ttl '{given}' without a Redis");
            }

            return None;
        }

        var colon = redis.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(redis.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problems.Add($"--cache-redis (SERVING_CACHE_REDIS): expected host:port such as redis:6379, got '{redis}'");
            return None;
        }

        return new CacheOptions(redis, ttl);
    }
}
