using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.Demo.Up;

/// <summary>
/// Steady Iris traffic to every ModelDeployment of one namespace, as <c>make up</c> promises: every
/// <see cref="ListInterval"/> it lists the namespace's ModelDeployments, starts a <see cref="TrafficGenerator"/> (model
/// name <c>spec.model.name</c>, routed as the cluster's data plane would, see <see cref="KubeRoutingSource"/>) for each
/// new one and stops the generator of each one that is gone or whose model name changed. A failed list (the API server
/// restarting) keeps the running generators and is retried at the next interval.
/// </summary>
/// <param name="client">Client of the local API server.</param>
/// <param name="ns">The namespace watched.</param>
/// <param name="rows">The Iris rows sent.</param>
/// <param name="traffic">Generator settings for a model name (rate, feedback share and delay per ModelDeployment).</param>
/// <param name="time">Clock for pacing and the list interval.</param>
public sealed class TrafficSupervisor(IKubeClient client, string ns, IrisRows rows, Func<string, TrafficGeneratorOptions> traffic, TimeProvider time) : IAsyncDisposable
{
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>How often the namespace is listed (2 s).</summary>
    public static TimeSpan ListInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Lists once and starts or stops generators to match; returns the ModelDeployments now served, by name.</summary>
    /// <exception cref="KubeApiException">The list failed (nothing was changed).</exception>
    public async Task<IReadOnlyCollection<string>> SyncAsync(CancellationToken ct)
    {
        var list = await client.ListAsync<ModelDeployment>(ns, null, ct).ConfigureAwait(false);
        var wanted = list.Items
            .Where(m => m.Metadata?.Name is not null && m.Spec?.Model?.Name is { Length: > 0 } && m.Metadata.DeletionTimestamp is null)
            .ToDictionary(m => m.Metadata.Name, m => m.Spec!.Model.Name, StringComparer.Ordinal);
        List<Running> stopped = [];
        lock (_gate)
        {
            foreach (var (name, running) in _running.ToList())
            {
                if (!wanted.TryGetValue(name, out var model) || model != running.ModelName)
                {
                    stopped.Add(running);
                    _running.Remove(name);
                }
            }

            foreach (var (name, model) in wanted)
            {
                if (!_running.ContainsKey(name))
                {
                    _running[name] = Running.Start(
                        name,
                        model,
                        new TrafficGenerator(new KubeRoutingSource(client, ns, name), rows, traffic(model), time));
                }
            }
        }

        foreach (var s in stopped)
        {
            await s.StopAsync().ConfigureAwait(false);
        }

        lock (_gate)
        {
            return [.. _running.Keys];
        }
    }

    /// <summary>Keeps the generators in step with the namespace until <paramref name="ct"/> is cancelled; returns normally then.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ListInterval, time);
        try
        {
            do
            {
                try
                {
                    await SyncAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException)
                {
                    // The next tick tries again; the generators keep running meanwhile.
                }
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// One line per ModelDeployment served: requests answered and failed per model version, and requests that found no
    /// ready endpoint (before its first answer, and after).
    /// </summary>
    public IReadOnlyList<string> Summary()
    {
        lock (_gate)
        {
            return [.. _running.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => TrafficSummaryLine.Format(r.Name, r.Generator.Stats))];
        }
    }

    /// <summary>Stops every generator.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Running> all;
        lock (_gate)
        {
            all = [.. _running.Values];
            _running.Clear();
        }

        foreach (var r in all)
        {
            await r.StopAsync().ConfigureAwait(false);
        }
    }

    private sealed record Running(string Name, string ModelName, TrafficGenerator Generator, CancellationTokenSource Stop, Task Run)
    {
        public static Running Start(string name, string model, TrafficGenerator generator)
        {
            var stop = new CancellationTokenSource();
            return new Running(name, model, generator, stop, Task.Run(() => generator.RunAsync(stop.Token), CancellationToken.None));
        }

        public async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            await Run.ConfigureAwait(false);
            Stop.Dispose();
        }
    }
}
