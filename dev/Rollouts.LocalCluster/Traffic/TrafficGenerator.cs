using System.Text;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// Sends Open Inference Protocol requests (<c>POST /v2/models/{model}/infer</c>, one real Iris row each) at a steady
/// rate, split across endpoints as the cluster's data plane would (<see cref="RoutingTable.Pick"/>), re-reading the
/// routing every <see cref="TrafficGeneratorOptions.RoutingRefresh"/>. <see cref="PetalOffset"/> shifts the input
/// distribution (drift) while running. A share of requests carries the cohort header (honoured by the route's header
/// rules, see <see cref="HeaderRule"/>); for a share of answered requests the row's true label is posted as feedback
/// with the answer's prediction id after <see cref="TrafficGeneratorOptions.FeedbackDelay"/>, through the same
/// route (any pod may judge it), its outcomes counted in <see cref="Stats"/>. Stop it by cancelling the token given
/// to <see cref="RunAsync"/>.
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
    private readonly Dictionary<string, string>? _cohortHeaders = options.CohortHeader is null
        ? null
        : new(StringComparer.OrdinalIgnoreCase) { [options.CohortHeader] = options.CohortValue };

    private int _pendingFeedback;

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


    private void AddCohortHeader(HttpRequestMessage request, bool cohort)
    {
        if (cohort)
        {
            request.Headers.TryAddWithoutValidation(options.CohortHeader!, options.CohortValue);
        }
    }

    private async Task SendFeedbackAsync(HttpClient http, string predictionId, int label, bool cohort, CancellationToken ct)
    {
        try
        {
            await Task.Delay(options.FeedbackDelay, time, ct).ConfigureAwait(false);
            Endpoint? endpoint;
            lock (_random)
            {
                endpoint = _table.Pick(_random, cohort ? _cohortHeaders : null);
            }

            if (endpoint is null)
            {
                Stats.RecordFeedback("failed");
                return;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Address, InferRequestBody.FeedbackPath(options.ModelName)))
            {
                Content = new StringContent(InferRequestBody.Feedback(predictionId, [label]), Encoding.UTF8, "application/json"),
            };
            AddCohortHeader(request, cohort);
            try
            {
                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity)
                {
                    Stats.RecordFeedback("unmatched");
                }
                else if (!response.IsSuccessStatusCode || FeedbackOutcomes(body) is not { Count: > 0 } outcomes)
                {
                    Stats.RecordFeedback("failed");
                }
                else
                {
                    foreach (var outcome in outcomes)
                    {
                        Stats.RecordFeedback(outcome);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Stats.RecordFeedback("failed");
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _pendingFeedback);
        }
    }

    private static List<string>? FeedbackOutcomes(string body)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("outcomes", out var outcomes) && outcomes.ValueKind == System.Text.Json.JsonValueKind.Array
                ? [.. outcomes.EnumerateArray().Select(o => o.GetString() ?? "failed")]
                : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task SendOneAsync(HttpClient http, SemaphoreSlim gate, CancellationToken ct)
    {
        try
        {
            Endpoint? endpoint;
            float[] row;
            int label;
            bool cohort, feedback;
            lock (_random)
            {
                cohort = options.CohortHeader is not null && _random.NextDouble() < options.CohortShare;
                endpoint = _table.Pick(_random, cohort ? _cohortHeaders : null);
                var index = _random.Next(rows.Rows.Count);
                row = rows.Shifted(index, PetalOffset);
                label = rows.Labels[index];
                feedback = label >= 0 && _random.NextDouble() < options.FeedbackShare;
            }

            if (endpoint is null)
            {
                Stats.RecordNoEndpoint();
                return;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Address, InferRequestBody.Path(options.ModelName)))
            {
                Content = new StringContent(InferRequestBody.ForRow(row), Encoding.UTF8, "application/json"),
            };
            AddCohortHeader(request, cohort);
            string? predictionId = null;
            try
            {
                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                Stats.Record(endpoint.Version, response.IsSuccessStatusCode, cohort);
                if (feedback && response.IsSuccessStatusCode)
                {
                    predictionId = InferRequestBody.PredictionId(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
                    Stats.RecordFeedback(predictionId is null ? "no_id" : "sent");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Stats.Record(endpoint.Version, success: false, cohort);
            }

            if (predictionId is not null)
            {
                if (Interlocked.Increment(ref _pendingFeedback) > options.MaxPendingFeedback)
                {
                    Interlocked.Decrement(ref _pendingFeedback);
                    Stats.RecordFeedback("dropped");
                }
                else
                {
                    _ = SendFeedbackAsync(http, predictionId, label, cohort, ct);
                }
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
