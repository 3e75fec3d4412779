using System.Text;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// Sends Open Inference Protocol requests (<c>POST /v2/models/{model}/infer</c>, one real Iris row each) at a steady
/// rate, split across endpoints as the cluster's data plane would (<see cref="RoutingTable.Pick"/>), re-reading the
/// routing every <see cref="TrafficGeneratorOptions.RoutingRefresh"/>. <see cref="PetalOffset"/> shifts the input
/// distribution (drift) while running. Stop it by cancelling the token given to <see cref="RunAsync"/>.
/// </summary>
/// <param name="source">Where the routing comes from.</param>
/// <param name="rows">The Iris rows sent.</param>
/// <param name="options">Rate, model name, timeouts.</param>
/// <param name="time">Clock for pacing.</param>
public sealed class TrafficGenerator(IRoutingSource source, IrisRows rows, TrafficGeneratorOptions options, TimeProvider time)
{
    private readonly Random _random = new(options.Seed);
    private volatile RoutingTable _table = RoutingTable.Empty;
    private float _petalOffset;

    /// <summary>Counters of what was sent.</summary>
    public TrafficStats Stats { get; } = new();

    /// <summary>The last routing table read.</summary>
    public RoutingTable Routing => _table;

    /// <summary>Centimetres added to petal length and width of every row sent (0 = the real distribution).</summary>
    public float PetalOffset
    {
        get => Volatile.Read(ref _petalOffset);
        set => Volatile.Write(ref _petalOffset, value);
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled; returns normally then.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            Timeout = options.RequestTimeout,
        };
        using var gate = new SemaphoreSlim(options.MaxInFlight);
        var refresh = RefreshLoopAsync(ct);
        var tick = TimeSpan.FromMilliseconds(20);
        double owed = 0;
        var last = time.GetTimestamp();
        try
        {
            using var timer = new PeriodicTimer(tick, time);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var now = time.GetTimestamp();
                owed += time.GetElapsedTime(last, now).TotalSeconds * options.RequestsPerSecond;
                last = now;
                while (owed >= 1)
                {
                    owed -= 1;
                    if (!gate.Wait(0, CancellationToken.None))
                    {
                        continue; // Over the in-flight cap: drop rather than queue (keeps the rate honest).
                    }

                    _ = SendOneAsync(http, gate, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }

        await refresh.ConfigureAwait(false);
    }

    /// <summary>Reads the routing once (also done periodically by <see cref="RunAsync"/>).</summary>
    public async Task RefreshAsync(CancellationToken ct) => _table = await source.ReadAsync(ct).ConfigureAwait(false);

    private async Task RefreshLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(ct).ConfigureAwait(false);
                await Task.Delay(options.RoutingRefresh, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or Rollouts.Kube.KubeApiException or IOException or TimeoutException)
            {
                // The API server may be briefly unavailable; keep the last table and retry.
                await Task.Delay(options.RoutingRefresh, time, ct).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private async Task SendOneAsync(HttpClient http, SemaphoreSlim gate, CancellationToken ct)
    {
        try
        {
            Endpoint? endpoint;
            float[] row;
            lock (_random)
            {
                endpoint = _table.Pick(_random);
                row = rows.Shifted(_random.Next(rows.Rows.Count), PetalOffset);
            }

            if (endpoint is null)
            {
                Stats.RecordNoEndpoint();
                return;
            }

            using var content = new StringContent(InferRequestBody.ForRow(row), Encoding.UTF8, "application/json");
            try
            {
                using var response = await http.PostAsync(new Uri(endpoint.Address, InferRequestBody.Path(options.ModelName)), content, ct).ConfigureAwait(false);
                Stats.Record(endpoint.Version, response.IsSuccessStatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Stats.Record(endpoint.Version, success: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            gate.Release();
        }
    }
}
