using Prometheus;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;
using StackExchange.Redis;

namespace Rollouts.Serving.Caching;

/// <summary>
/// The optional prediction cache in Redis (<c>--cache-redis</c>, <c>--cache-ttl</c>; StackExchange.Redis): a lookup
/// before the model runs (<see cref="TryGetAsync"/>, keyed by <see cref="PredictionKey"/>) and a store after
/// (<see cref="Store"/>, with the TTL, not awaited by the request). Redis never fails a request: the multiplexer connects
/// in the background and keeps reconnecting (AbortOnConnectFail off), commands fail fast while it is disconnected instead
/// of queueing, each command times out after <see cref="Hosting.CacheOptions.Timeout"/> (<c>--cache-timeout</c>, default 250 ms), and after a failure the cache is skipped for
/// <see cref="PauseAfterError"/> so a hung Redis costs at most one timeout per pause; a lookup that fails or is skipped
/// runs the model as a miss would. Counted in <c>model_inference_cache_requests_total{result="hit"|"miss"|"error"}</c>
/// and <c>model_inference_cache_store_errors_total</c>. Disabled (no connection, no series) when the option is off.
/// </summary>
public sealed class PredictionCache : IAsyncDisposable
{

    /// <summary>How long the cache is skipped after a failed command.</summary>
    public static readonly TimeSpan PauseAfterError = TimeSpan.FromSeconds(1);

    private readonly TimeSpan ttl;
    private readonly TimeSpan commandTimeout;
    private readonly TimeProvider time;
    private readonly Task<ConnectionMultiplexer>? connecting;
    private readonly Counter.Child? hits;
    private readonly Counter.Child? misses;
    private readonly Counter.Child? errors;
    private readonly Counter.Child? storeErrors;
    private long pausedUntil;

    /// <summary>Starts connecting to <see cref="CacheOptions.Redis"/> when the cache is on; registers its counters in <paramref name="registry"/>.</summary>
    public PredictionCache(ServingOptions options, CollectorRegistry registry, TimeProvider time)
    {
        ttl = options.Cache.Ttl;
        commandTimeout = options.Cache.Timeout;
        this.time = time;
        if (options.Cache.Redis is not { } endpoint)
        {
            return;
        }

        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var lookups = factory.CreateCounter("model_inference_cache_requests_total", "Prediction cache lookups by result (hit, miss, error: Redis failed or unreachable, the model ran).", "model_name", "model_version", "result");
        hits = lookups.WithLabels(options.ModelName, options.ModelVersion, "hit");
        misses = lookups.WithLabels(options.ModelName, options.ModelVersion, "miss");
        errors = lookups.WithLabels(options.ModelName, options.ModelVersion, "error");
        storeErrors = factory.CreateCounter("model_inference_cache_store_errors_total", "Predictions that could not be stored in the cache.", "model_name", "model_version")
            .WithLabels(options.ModelName, options.ModelVersion);
        var configuration = new ConfigurationOptions
        {
            EndPoints = { endpoint },
            AbortOnConnectFail = false,
            ConnectTimeout = (int)commandTimeout.TotalMilliseconds * 4,
            SyncTimeout = (int)commandTimeout.TotalMilliseconds,
            AsyncTimeout = (int)commandTimeout.TotalMilliseconds,
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new ExponentialRetry(250, 2000),
            KeepAlive = 5,
            ClientName = "rollouts-serving",
        };
        connecting = ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>Whether <c>--cache-redis</c> is set.</summary>
    public bool Enabled => connecting is not null;

    /// <summary>
    /// The cached outputs under <paramref name="key"/> (every model output, the request's rows only), or null on a miss,
    /// an error, a skip after an error, or a value that does not decode.
    /// </summary>
    public async Task<IReadOnlyList<Tensor>?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        if (Database() is not { } database)
        {
            errors?.Inc();
            return null;
        }

        RedisValue value;
        try
        {
            value = await database.StringGetAsync(key).WaitAsync(commandTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed();
            errors!.Inc();
            return null;
        }

        if (value.IsNull)
        {
            misses!.Inc();
            return null;
        }

        if (CachedOutputs.TryDecode((byte[])value!) is { } outputs)
        {
            hits!.Inc();
            return outputs;
        }

        errors!.Inc();
        return null;
    }

    /// <summary>Stores the request's outputs of <paramref name="outcome"/> under <paramref name="key"/> with the TTL, in the background.</summary>
    public void Store(string key, InferenceOutcome outcome)
    {
        if (Database() is not { } database)
        {
            return;
        }

        _ = StoreAsync(database, key, CachedOutputs.Encode(outcome));
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (connecting is { IsCompletedSuccessfully: true })
        {
            await connecting.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StoreAsync(IDatabase database, string key, byte[] value)
    {
        try
        {
            await database.StringSetAsync(key, value, ttl).WaitAsync(commandTimeout, time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed();
            storeErrors!.Inc();
        }
    }

    /// <summary>The database, or null while connecting, disconnected (fails fast) or paused after an error.</summary>
    private IDatabase? Database()
    {
        if (connecting is not { IsCompletedSuccessfully: true } || time.GetTimestamp() < Volatile.Read(ref pausedUntil))
        {
            return null;
        }

        var multiplexer = connecting.Result;
        return multiplexer.IsConnected ? multiplexer.GetDatabase() : null;
    }

    private void Failed() =>
        Volatile.Write(ref pausedUntil, time.GetTimestamp() + (long)(PauseAfterError.TotalSeconds * time.TimestampFrequency));
}
