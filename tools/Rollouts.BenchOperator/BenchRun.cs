using System.Text.Json;
using k8s;

namespace Rollouts.BenchOperator;

/// <summary>
/// One benchmark run, in order: control plane up (wide Service range, the operator's own user, an audit policy for
/// it) → CRD, namespaces, N ModelDeployments → operator started cold → cold start → settle → at-rest window →
/// SIGKILL and restart → mass edit → mass rollout with Ready pods → everything stopped (also on failure or Ctrl-C). Each phase's figures are kept
/// even when a later phase fails; what went wrong is in <see cref="BenchResult.Notes"/>.
/// </summary>
public sealed class BenchRun(BenchOptions options, string repo, TimeProvider time, TextWriter log)
{
    private const string FirstVersion = "1.0.0";
    private const string SecondVersion = "2.0.0";
    private const string ThirdVersion = "3.0.0";
    private readonly List<string> _notes = [];

    /// <summary>Runs every phase and returns what was measured.</summary>
    public async Task<BenchResult> RunAsync(CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var machine = MachineInfo.Now();
        var result = new BenchResult
        {
            Label = options.Label,
            Count = options.Count,
            Namespaces = options.Namespaces,
            StartedAt = started,
            Machine = machine,
            OperatorCommit = await MachineInfo.OperatorCommitAsync(repo, ct).ConfigureAwait(false),
            OperatorArgs = options.OperatorArgs,
            Gc = OperatorBuild.Gc(OperatorDll),
            Runtime = OperatorBuild.Describe(OperatorDll, OperatorProcess.ImageEnvironment),
            PollSeconds = options.PollInterval.TotalSeconds,
        };
        var state = options.State ?? Path.Combine(repo, ".local", "bench-operator", started.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        await log.WriteLineAsync($"bench-operator: N={options.Count} in {options.Namespaces} namespaces; state and logs in {state}").ConfigureAwait(false);
        try
        {
            await using var cp = await LocalControlPlane.StartAsync(repo, state, options.EffectiveEtcdQuota, log, ct).ConfigureAwait(false);
            result = await MeasureAsync(cp, result, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _notes.Add($"run stopped: {e.GetType().Name}: {e.Message}");
            await log.WriteLineAsync($"bench-operator: {e}").ConfigureAwait(false);
        }

        return result with { Machine = machine with { LoadAfter = ProcFs.LoadAverage() }, Notes = _notes };
    }

    private string OperatorDll => options.OperatorDll ?? Path.Combine(repo, ".local", "bench-operator", "operator", "Rollouts.Operator.dll");

    private async Task<BenchResult> MeasureAsync(LocalControlPlane cp, BenchResult result, CancellationToken ct)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(cp.AdminKubeconfig);
        using var kube = new Kubernetes(config);
        using var apiMetrics = new ApiServerMetrics(config);
        var fleet = new Fleet(kube, options, time);
        var audit = new AuditLog(cp.AuditLogPath);
        var convergence = new Convergence(fleet, options, time, log);

        await fleet.InstallCrdAsync(Path.Combine(repo, "crds", "modeldeployments.ml.rollouts.dev.yaml"), ct).ConfigureAwait(false);
        await fleet.CreateNamespacesAsync(ct).ConfigureAwait(false);
        var createStart = time.GetTimestamp();
        await fleet.CreateAllAsync(FirstVersion, ModelDeploymentManifest.ModelUri(repo, "iris-v1"), ct).ConfigureAwait(false);
        result = result with { CreateSeconds = time.GetElapsedTime(createStart).TotalSeconds };
        await log.WriteLineAsync($"  created {options.Count} ModelDeployments in {result.CreateSeconds:F1} s").ConfigureAwait(false);

        var logs = Path.Combine(cp.StateDirectory, "logs");
        var op = OperatorProcess.Start(OperatorDll, cp.OperatorKubeconfig, options.OperatorArgs, Path.Combine(logs, "operator-1.log"), time);
        try
        {
            result = result with { Cold = await ColdStartAsync(cp, op, audit, convergence, ct).ConfigureAwait(false) };
            if (result.Cold.AllObservedSeconds is null)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), time, ct).ConfigureAwait(false);
            result = result with { AtRest = await RestAsync(cp, op, audit, apiMetrics, ct).ConfigureAwait(false) };
            await log.WriteLineAsync("  restart: SIGKILL, then a fresh operator").ConfigureAwait(false);
            await op.KillAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await op.DisposeAsync().ConfigureAwait(false);
        }

        var op2 = OperatorProcess.Start(OperatorDll, cp.OperatorKubeconfig, options.OperatorArgs, Path.Combine(logs, "operator-2.log"), time);
        try
        {
            result = result with { Restarted = await RestartAsync(op2, audit, ct).ConfigureAwait(false) };
            if (options.MassEdit)
            {
                result = result with { Edit = await MassEditAsync(fleet, op2, audit, convergence, ct).ConfigureAwait(false) };
            }

            if (options.MassRollout)
            {
                var (version, model) = options.MassEdit ? (ThirdVersion, "iris-v1") : (SecondVersion, "iris-v2");
                var rollout = new MassRollout(fleet, convergence, audit, options, time, log);
                result = result with
                {
                    Rollout = await rollout.RunAsync(cp.AdminKubeconfig, version, ModelDeploymentManifest.ModelUri(repo, model),
                        () => op2.HasExited ? "the operator exited (see operator-2.log)" : null, _notes, ct).ConfigureAwait(false),
                };
            }
        }
        finally
        {
            await op2.DisposeAsync().ConfigureAwait(false);
        }

        return result;
    }

    private async Task<BenchResult.ColdStart> ColdStartAsync(LocalControlPlane cp, OperatorProcess op, AuditLog audit, Convergence convergence, CancellationToken ct)
    {
        var from = time.GetUtcNow();
        var cpu = CpuMeter.Start(time, Processes(cp, op));
        using var stopReady = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = WatchReadyAsync(op, stopReady.Token);
        var outcome = await convergence.WaitAsync("cold start (observedGeneration == generation)", s => s.Observed, op.StartedAt,
            TimeSpan.FromSeconds(options.ColdTimeoutSeconds), () => op.HasExited ? "the operator exited (see operator-1.log)" : null, ct).ConfigureAwait(false);
        var cpuUse = cpu.Stop();
        var to = time.GetUtcNow();
        await stopReady.CancelAsync().ConfigureAwait(false);
        if (outcome.AllSeconds is null)
        {
            _notes.Add($"cold start: only {outcome.Met}/{options.Count} observed when the phase ended");
        }

        return new BenchResult.ColdStart(outcome.AllSeconds, outcome.HalfSeconds, outcome.Met, await ready.ConfigureAwait(false), ProcFs.PeakRss(op.Pid), cpuUse,
            await audit.CountAsync(LocalControlPlane.OperatorUser, from, to, ct).ConfigureAwait(false));
    }

    // No API request of the benchmark inside the window: only /proc, and the API server's and the operator's /metrics
    // read at its ends.
    private async Task<BenchResult.Rest> RestAsync(LocalControlPlane cp, OperatorProcess op, AuditLog audit, ApiServerMetrics apiMetrics, CancellationToken ct)
    {
        await log.WriteLineAsync($"  at rest: {options.RestSeconds} s window").ConfigureAwait(false);
        await using var rss = new RssSampler(op.Pid, time);
        var before = await apiMetrics.ReadAsync(ct).ConfigureAwait(false);
        var opBefore = await op.MetricsAsync(ct).ConfigureAwait(false);
        var from = time.GetUtcNow();
        var fromTs = time.GetTimestamp();
        var cpu = CpuMeter.Start(time, Processes(cp, op));
        await Task.Delay(TimeSpan.FromSeconds(options.RestSeconds), time, ct).ConfigureAwait(false);
        var cpuUse = cpu.Stop();
        var toTs = time.GetTimestamp();
        var to = time.GetUtcNow();
        var opAfter = await op.MetricsAsync(ct).ConfigureAwait(false);
        var after = await apiMetrics.ReadAsync(ct).ConfigureAwait(false);
        var window = rss.Between(fromTs, toTs);
        var minutes = (to - from).TotalMinutes;
        var reconciles = Sum(opAfter, ObservedSignal.ReconcileCounter) - Sum(opBefore, ObservedSignal.ReconcileCounter);
        var rest = new BenchResult.Rest((to - from).TotalSeconds, window?.Mean, window?.Max, ProcFs.Rss(op.Pid), ProcFs.PeakRss(op.Pid), cpuUse,
            await audit.CountAsync(LocalControlPlane.OperatorUser, from, to, ct).ConfigureAwait(false),
            ApiServerMetrics.Diff(before, after, (to - from).TotalSeconds),
            reconciles / minutes, Sum(opAfter, "workqueue_depth"));
        await log.WriteLineAsync($"  at rest: operator {rest.OperatorRequests.WritesPerMinute:F0} writes/min, {rest.ReconcilesPerMinute:F0} reconciles/min, queue depth {rest.QueueDepthEnd}, RSS {rest.RssEndBytes / 1048576.0:F0} MiB, CPU {rest.Cpu.GetValueOrDefault("operator"):F1} %").ConfigureAwait(false);
        return rest;
    }

    private async Task<BenchResult.Restart> RestartAsync(OperatorProcess op, AuditLog audit, CancellationToken ct)
    {
        var from = time.GetUtcNow();
        double? ready = null, all = null;
        (long Observed, string Signal) seen = (0, "none");
        var lastLog = TimeSpan.Zero;
        while (true)
        {
            var elapsed = time.GetElapsedTime(op.StartedAt);
            if (ready is null && await op.ReadyAsync(ct).ConfigureAwait(false))
            {
                ready = elapsed.TotalSeconds;
            }

            if (await op.MetricsAsync(ct).ConfigureAwait(false) is { } page)
            {
                seen = ObservedSignal.Read(page);
                if (seen.Observed >= options.Count)
                {
                    all = time.GetElapsedTime(op.StartedAt).TotalSeconds;
                    break;
                }
            }

            if (elapsed - lastLog >= TimeSpan.FromSeconds(30))
            {
                lastLog = elapsed;
                await log.WriteLineAsync($"  restart: {seen.Observed}/{options.Count} observed ({seen.Signal}) after {elapsed.TotalSeconds:F0} s").ConfigureAwait(false);
            }

            if (op.HasExited || elapsed >= TimeSpan.FromSeconds(options.RestartTimeoutSeconds))
            {
                _notes.Add($"restart: {seen.Observed}/{options.Count} observed ({seen.Signal}) when the phase ended" + (op.HasExited ? " (the operator exited; see operator-2.log)" : ""));
                break;
            }

            await Task.Delay(options.PollInterval / 2, time, ct).ConfigureAwait(false);
        }

        var to = time.GetUtcNow();
        var requests = await audit.CountAsync(LocalControlPlane.OperatorUser, from, to, ct).ConfigureAwait(false);
        await log.WriteLineAsync($"  restart: {seen.Observed}/{options.Count} observed ({seen.Signal}) after {all:F1} s; {requests.Writes} writes").ConfigureAwait(false);
        return new BenchResult.Restart(ready, all, seen.Observed, seen.Signal, requests);
    }

    // Pods never become Ready here (no kubelet, and the node agent starts only for the mass rollout), so no stable
    // revision is ever available: the planner replaces the pending first revision rather than starting a canary. What
    // this times is how fast the operator turns N spec changes into new Deployments and status, not a rollout through
    // its steps (that is MassRollout's).
    private async Task<BenchResult.MassEdit> MassEditAsync(Fleet fleet, OperatorProcess op, AuditLog audit, Convergence convergence, CancellationToken ct)
    {
        var before = (await fleet.ListAsync(ct).ConfigureAwait(false)).ToDictionary(s => (s.Namespace, s.Name), s => s.CanaryRevision ?? s.StableRevision);
        await log.WriteLineAsync($"  mass edit: model {FirstVersion} → {SecondVersion} on all {options.Count}").ConfigureAwait(false);
        var from = time.GetUtcNow();
        var start = time.GetTimestamp();
        await fleet.EditAllAsync(SecondVersion, ModelDeploymentManifest.ModelUri(repo, "iris-v2"), ct).ConfigureAwait(false);
        var patchSeconds = time.GetElapsedTime(start).TotalSeconds;
        bool Moved(ObjectState s) => s.Observed && (s.CanaryRevision ?? s.StableRevision) is { } rev && rev != before.GetValueOrDefault((s.Namespace, s.Name));
        var outcome = await convergence.WaitAsync("mass edit (new generation observed, new revision reported)", Moved, start,
            TimeSpan.FromSeconds(options.ColdTimeoutSeconds), () => op.HasExited ? "the operator exited (see operator-2.log)" : null, ct).ConfigureAwait(false);
        var to = time.GetUtcNow();
        var moved = outcome.Last.Where(Moved).ToList();
        if (outcome.AllSeconds is null)
        {
            _notes.Add($"mass edit: only {outcome.Met}/{options.Count} reported a new revision when the phase ended");
        }

        return new BenchResult.MassEdit(patchSeconds, outcome.AllSeconds, moved.Count(s => s.CanaryRevision is not null), moved.Count(s => s.CanaryRevision is null),
            await audit.CountAsync(LocalControlPlane.OperatorUser, from, to, ct).ConfigureAwait(false));
    }

    private async Task<double?> WatchReadyAsync(OperatorProcess op, CancellationToken ct)
    {
        try
        {
            while (!await op.ReadyAsync(ct).ConfigureAwait(false))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct).ConfigureAwait(false);
            }

            return time.GetElapsedTime(op.StartedAt).TotalSeconds;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    // The sum of a metric's samples on an operator /metrics page; null when the page or the metric is missing.
    private static double? Sum(string? page, string metric) =>
        page is not null && PrometheusText.Samples(page, metric) is { Count: > 0 } samples ? samples.Sum(x => x.Value) : null;

    private static Dictionary<string, int> Processes(LocalControlPlane cp, OperatorProcess op) =>
        new(cp.ComponentPids) { ["operator"] = op.Pid };
}
