using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kube;
using Rollouts.LocalCluster.Agent;

namespace Rollouts.BenchOperator;

/// <summary>
/// The mass rollout (issue 11 part 4): the local node agent's KWOK-like mode (<see cref="SimulatedNodeAgent"/>) binds
/// every pod and marks it Running and Ready without a process, so each ModelDeployment's revision becomes available;
/// once all N are Healthy on a stable revision, every model is changed at once and each one rolls out through its
/// steps (<c>setWeight: 50</c>, <c>pause: 30s</c>, promotion) on replica-ratio routing. Times are seconds from the
/// agent's start (ready) and from the first patch (rollout, per object: the first poll that saw it promoted).
/// </summary>
public sealed class MassRollout(Fleet fleet, Convergence convergence, AuditLog audit, BenchOptions options, TimeProvider time, TextWriter log)
{
    /// <summary>Pods the agent handles at once; its client's QPS/burst bound its write rate.</summary>
    public const int AgentWorkers = 16;

    /// <summary>Runs the phase with the agent on <paramref name="adminKubeconfig"/>; the agent stops when it returns.</summary>
    /// <param name="adminKubeconfig">A kubeconfig allowed to bind pods, write pods/status and register a Node.</param>
    /// <param name="version">The model version the edit sets (a new revision).</param>
    /// <param name="modelUri">The model URI the edit sets.</param>
    /// <param name="operatorExited">The reason to stop early (the operator exited), or null.</param>
    /// <param name="notes">Where cut-short phases are noted.</param>
    /// <param name="ct">Cancels the phase.</param>
    public async Task<BenchResult.MassRollout> RunAsync(string adminKubeconfig, string version, string modelUri, Func<string?> operatorExited, List<string> notes, CancellationToken ct)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(adminKubeconfig);
        using var client = KubeClient.Create(config, new KubeClientOptions { FieldManager = "bench-node-agent", Qps = 200, Burst = 400 });
        var agent = new SimulatedNodeAgent(client, new SimulatedPodsOptions { Workers = AgentWorkers }, time, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Task.Run(() => agent.RunAsync(stop.Token), stop.Token);
        try
        {
            await log.WriteLineAsync($"  mass rollout: node agent marking pods Ready ({AgentWorkers} workers)").ConfigureAwait(false);
            var agentStart = time.GetTimestamp();
            var ready = await convergence.WaitAsync("mass rollout: Healthy on a stable revision", s => s.Observed && s.Phase == "Healthy" && s.StableRevision is not null && s.CanaryRevision is null,
                agentStart, TimeSpan.FromSeconds(options.ColdTimeoutSeconds), operatorExited, ct).ConfigureAwait(false);
            if (ready.AllSeconds is null)
            {
                notes.Add($"mass rollout: only {ready.Met}/{options.Count} were Healthy on a stable revision before the edit");
                return new BenchResult.MassRollout(null, null, null, 0, agent.PodsMarkedReady, null);
            }

            var before = ready.Last.ToDictionary(s => (s.Namespace, s.Name), s => s.StableRevision);
            var from = time.GetUtcNow();
            var start = time.GetTimestamp();
            await fleet.EditAllAsync(version, modelUri, ct).ConfigureAwait(false);
            var completed = new Dictionary<(string, string), double>();
            bool Promoted(ObjectState s) => s.Observed && s.Phase == "Healthy" && s.CanaryRevision is null && s.StableRevision is { } rev && rev != before.GetValueOrDefault((s.Namespace, s.Name));
            var outcome = await convergence.WaitAsync("mass rollout: promoted through setWeight 50 and pause 30s", s =>
            {
                var done = Promoted(s);
                if (done)
                {
                    completed.TryAdd((s.Namespace, s.Name), time.GetElapsedTime(start).TotalSeconds);
                }

                return done;
            }, start, TimeSpan.FromSeconds(options.ColdTimeoutSeconds), operatorExited, ct).ConfigureAwait(false);
            if (outcome.AllSeconds is null)
            {
                notes.Add($"mass rollout: only {outcome.Met}/{options.Count} were promoted when the phase ended");
            }

            var times = completed.Values.Order().ToList();
            return new BenchResult.MassRollout(ready.AllSeconds, outcome.AllSeconds, times.Count > 0 ? times[times.Count / 2] : null, completed.Count, agent.PodsMarkedReady,
                await audit.CountAsync(LocalControlPlane.OperatorUser, from, time.GetUtcNow(), ct).ConfigureAwait(false));
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }
    }
}
