using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Rollouts.Kube;
using Rollouts.LocalCluster.Processes;
using Rollouts.LocalCluster.Prometheus;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// A local stand-in for the kubelet (there is no container runtime here). It registers a Node, binds pending pods to
/// it (as the scheduler would), and for each bound pod whose image matches
/// <see cref="NodeAgentOptions.ServingImagePattern"/> runs the serving process locally on an address of its own in
/// 127.0.0.0/8 with the container's args and env; it probes the readiness probe and reports phase, podIP,
/// containerStatuses and the Ready condition through the status subresource, so Deployments count available
/// replicas as in a cluster. Exited processes are restarted with doubling back-off (restartCount, CrashLoopBackOff);
/// pods with another image wait with ErrImagePull / ImagePullBackOff. A deleted pod leaves the file_sd targets at once
/// (as the endpoints controller drops a terminating pod), is reported not Ready, and its process gets SIGTERM and the
/// pod's grace period (deletionGracePeriodSeconds, else terminationGracePeriodSeconds, else 30 s) to exit before
/// SIGKILL, without holding up the other pods; once it has exited the pod is removed (grace period 0, as the kubelet
/// confirms a deletion). It also keeps the Prometheus file_sd targets current, materialises the pods' configMap
/// volumes (<see cref="ConfigMapVolumes"/>, refreshed on every pass; container arguments under a mountPath point at
/// the local copy) and runs a <see cref="ServiceProxy"/> given to serving processes as HTTP_PROXY, so a Service name
/// (<c>svc.ns.svc:port</c>) reaches a Ready endpoint as through kube-proxy. Run it with <see cref="RunAsync"/>; cancelling stops every process it started.
/// </summary>
/// <param name="client">Kubernetes client.</param>
/// <param name="options">Settings.</param>
/// <param name="time">Clock.</param>
/// <param name="logger">Logger.</param>
/// <param name="watchdog">Optional watchdog every serving process is registered with.</param>
public sealed partial class NodeAgent(IKubeClient client, NodeAgentOptions options, TimeProvider time, ILogger logger, ProcessWatchdog? watchdog = null)
{
    /// <summary>The node address reported as hostIP.</summary>
    public const string HostIp = "127.0.0.1";

    private readonly ConcurrentDictionary<string, PodRuntime> _pods = new(StringComparer.Ordinal);
    private readonly AddressPool _addresses = new(options.AddressPrefix);
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly string _volumes = options.VolumeDirectory ?? Path.GetFullPath(Path.Combine(options.LogDirectory, "..", "volumes"));
    private string? _lastTargets;
    private ServiceProxy? _proxy;

    /// <summary>Address of the <see cref="ServiceProxy"/> (the serving processes' HTTP_PROXY) once <see cref="RunAsync"/> has started it; null before, or when <see cref="NodeAgentOptions.ServiceProxy"/> is off.</summary>
    public Uri? ServiceProxyUrl => _proxy?.Url;

    /// <summary>Number of serving processes currently alive.</summary>
    public int RunningProcesses => _pods.Values.Count(p => p.Process is { HasExited: false });

    /// <summary>Registers the node, then syncs pods every <see cref="NodeAgentOptions.SyncInterval"/> until <paramref name="ct"/> is cancelled; then stops every process.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await RegisterNodeAsync(ct).ConfigureAwait(false);
            if (options.ServiceProxy)
            {
                _proxy = await ServiceProxy.StartAsync(logger, ct).ConfigureAwait(false);
                LogProxy(_proxy.Url.ToString());
            }

            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await SyncOnceAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // A supervisor keeps going: a failed pass is logged and the next one retries.
                    LogSyncFailed(e.ToString());
                }

                await Task.Delay(options.SyncInterval, time, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass: list, bind, start/restart/stop processes, probe, write changed statuses and targets.</summary>
    public async Task SyncOnceAsync(CancellationToken ct)
    {
        var pods = (await client.ListAsync<V1Pod>(options.Namespace, null, ct).ConfigureAwait(false)).Items;
        var configMaps = (await client.ListAsync<V1ConfigMap>(options.Namespace, null, ct).ConfigureAwait(false)).Items
            .ToLookup(c => c.Metadata.NamespaceProperty ?? "", StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var mine = new List<(V1Pod Pod, PodRuntime Runtime)>();
        foreach (var pod in pods)
        {
            var uid = pod.Metadata.Uid ?? "";
            var nodeName = pod.Spec?.NodeName;
            if (string.IsNullOrEmpty(nodeName))
            {
                if (pod.Metadata.DeletionTimestamp is null)
                {
                    await BindAsync(pod, ct).ConfigureAwait(false);
                }

                continue;
            }

            if (nodeName != options.NodeName || pod.Spec!.Containers.Count == 0)
            {
                continue;
            }

            seen.Add(uid);
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await FinishDeletionAsync(pod, ct).ConfigureAwait(false);
                continue;
            }

            var runtime = _pods.GetOrAdd(uid, _ => Admit(pod));
            mine.Add((pod, runtime));
        }

        foreach (var gone in _pods.Keys.Where(uid => !seen.Contains(uid)).ToList())
        {
            if (_pods.TryRemove(gone, out var runtime))
            {
                await StopAsync(runtime).ConfigureAwait(false);
            }
        }

        var now = time.GetUtcNow();
        foreach (var (pod, runtime) in mine)
        {
            SyncVolumes(pod, runtime, configMaps[runtime.Namespace].ToDictionary(c => c.Metadata.Name ?? "", StringComparer.Ordinal));
            Supervise(pod, runtime, now);
        }

        await Task.WhenAll(mine.Select(m => ProbeAsync(m.Pod, m.Runtime, ct))).ConfigureAwait(false);
        var written = new List<V1Pod>();
        foreach (var (pod, runtime) in mine)
        {
            written.Add(await WriteStatusAsync(pod, runtime, ct).ConfigureAwait(false));
        }

        WriteTargets(written);
        if (_proxy is not null)
        {
            var services = (await client.ListAsync<V1Service>(options.Namespace, null, ct).ConfigureAwait(false)).Items;
            var current = written.ToDictionary(p => p.Metadata.Uid ?? "", StringComparer.Ordinal);
            _proxy.Update([.. services], [.. pods.Select(p => current.GetValueOrDefault(p.Metadata.Uid ?? "", p))]);
        }
    }

    private void SyncVolumes(V1Pod pod, PodRuntime runtime, IReadOnlyDictionary<string, V1ConfigMap> configMaps)
    {
        if (!runtime.Runnable)
        {
            return;
        }

        var result = ConfigMapVolumes.Sync(pod, Path.Combine(_volumes, runtime.Uid), configMaps);
        runtime.MountPaths = result.MountPaths;
        var failure = result.Missing.Count == 0 ? null : $"MountVolume.SetUp failed: configmap {string.Join(", ", result.Missing.Select(m => $"\"{m}\""))} not found";
        if (failure is not null && failure != runtime.MountFailure)
        {
            LogMountFailed(runtime.Namespace, runtime.Name, failure);
        }

        runtime.MountFailure = failure;
    }

    private async Task RegisterNodeAsync(CancellationToken ct)
    {
        await NodeRegistration.RegisterAsync(client, options.NodeName, HostIp, time, ct).ConfigureAwait(false);
        LogNodeRegistered(options.NodeName);
    }

    private async Task BindAsync(V1Pod pod, CancellationToken ct)
    {
        if (await NodeRegistration.BindAsync(client, pod, options.NodeName, ct).ConfigureAwait(false))
        {
            LogBound(pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Name ?? "", options.NodeName);
        }
    }

    private PodRuntime Admit(V1Pod pod)
    {
        var container = pod.Spec!.Containers[0];
        var port = container.Ports?.FirstOrDefault()?.ContainerPort is > 0 and var p ? p : 8080;
        var runnable = ImagePattern.Matches(options.ServingImagePattern, container.Image);
        var now = time.GetUtcNow();
        return new PodRuntime
        {
            Uid = pod.Metadata.Uid ?? "",
            Namespace = pod.Metadata.NamespaceProperty ?? "default",
            Name = pod.Metadata.Name ?? "",
            Ip = _addresses.Take(port),
            ContainerName = container.Name,
            Image = container.Image ?? "",
            Runnable = runnable,
            StartTime = now,
            ReadySince = now,
        };
    }

    private void Supervise(V1Pod pod, PodRuntime runtime, DateTimeOffset now)
    {
        if (!runtime.Runnable)
        {
            return;
        }

        if (runtime.Process is { HasExited: true } exited)
        {
            var code = exited.Exited.Result;
            runtime.LastTermination = (code, now, runtime.RunningSince ?? now);
            runtime.RestartCount++;
            var backoff = TimeSpan.FromTicks(Math.Min(
                options.MaxRestartBackoff.Ticks,
                options.RestartBackoff.Ticks * (1L << Math.Min(10, runtime.RestartCount - 1))));
            runtime.BackoffUntil = now + backoff;
            runtime.RunningSince = null;
            SetReady(runtime, false, now);
            LogExited(runtime.Namespace, runtime.Name, code, backoff.TotalSeconds, exited.Tail(5));
            _ = exited.DisposeAsync().AsTask();
            runtime.Process = null;
        }

        if (runtime.Process is null && runtime.MountFailure is null && (runtime.BackoffUntil is null || now >= runtime.BackoffUntil))
        {
            var command = ServingCommand.For(pod.Spec!.Containers[0], options.ServingAssembly, runtime.Ip, runtime.MountPaths);
            var env = new Dictionary<string, string?>(command.Environment, StringComparer.Ordinal);
            if (_proxy is not null)
            {
                env.TryAdd("HTTP_PROXY", _proxy.Url.ToString());
                env.TryAdd("NO_PROXY", "localhost,127.0.0.1");
            }

            foreach (var (k, v) in options.ExtraEnvironment)
            {
                env.TryAdd(k, v);
            }

            var log = Path.Combine(options.LogDirectory, $"{runtime.Namespace}_{runtime.Name}.log");
            runtime.Process = ChildProcess.Start("dotnet", command.Arguments, env, log, watchdog);
            runtime.RunningSince = now;
            runtime.EverStarted = true;
            runtime.BackoffUntil = null;
            runtime.NextProbeAt = now;
            LogStarted(runtime.Namespace, runtime.Name, runtime.Ip, runtime.Process.Id);
        }
    }

    private async Task ProbeAsync(V1Pod pod, PodRuntime runtime, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (runtime.Process is not { HasExited: false } || now < runtime.NextProbeAt)
        {
            return;
        }

        var container = pod.Spec!.Containers[0];
        var probe = ServingCommand.ReadinessProbe(container);
        var period = TimeSpan.FromSeconds(container.ReadinessProbe?.PeriodSeconds ?? 1);
        runtime.NextProbeAt = now + (period < options.ProbePeriod ? period : options.ProbePeriod);
        if (probe is null)
        {
            SetReady(runtime, true, now);
            return;
        }

        bool ok;
        try
        {
            using var response = await _probe.GetAsync(new Uri($"http://{runtime.Ip}:{probe.Value.Port}{probe.Value.Path}"), ct).ConfigureAwait(false);
            ok = (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            ok = false;
        }

        SetReady(runtime, ok, time.GetUtcNow());
    }

    private static void SetReady(PodRuntime runtime, bool ready, DateTimeOffset now)
    {
        if (runtime.Ready != ready)
        {
            runtime.Ready = ready;
            runtime.ReadySince = now;
        }
    }

    private async Task<V1Pod> WriteStatusAsync(V1Pod pod, PodRuntime runtime, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var snapshot = new ContainerSnapshot
        {
            Name = runtime.ContainerName,
            Image = runtime.Image,
            RunningSince = runtime.RunningSince,
            WaitingReason = runtime.Runnable
                ? runtime.RunningSince is null ? (runtime.EverStarted ? "CrashLoopBackOff" : "ContainerCreating") : null
                : (now - runtime.StartTime).TotalSeconds < 3 ? "ErrImagePull" : "ImagePullBackOff",
            WaitingMessage = runtime.Runnable
                ? runtime.MountFailure is { } mountFailure ? mountFailure
                : runtime.BackoffUntil is { } until ? $"back-off {(int)Math.Ceiling((until - runtime.LastTermination!.Value.FinishedAt).TotalSeconds)}s restarting failed container={runtime.ContainerName} pod={runtime.Name}" : null
                : $"image {runtime.Image} cannot run on the local node agent (it runs only images matching {options.ServingImagePattern})",
            RestartCount = runtime.RestartCount,
            Ready = runtime.Ready,
            LastTermination = runtime.LastTermination,
            EverStarted = runtime.EverStarted,
        };
        var status = PodStatusBuilder.Build(snapshot, runtime.Ip, HostIp, runtime.StartTime, runtime.ReadySince);
        var text = status.ToJsonString();
        if (text == runtime.LastWrittenStatus)
        {
            return pod;
        }

        try
        {
            var updated = await client.MergePatchStatusAsync<V1Pod>(runtime.Namespace, runtime.Name, new JsonObject { ["status"] = status }, ct).ConfigureAwait(false);
            runtime.LastWrittenStatus = text;
            return updated;
        }
        catch (KubeApiException e) when (e.Reason is StatusReason.NotFound or StatusReason.Conflict)
        {
            return pod;
        }
    }

    private async Task FinishDeletionAsync(V1Pod pod, CancellationToken ct)
    {
        if (_pods.TryGetValue(pod.Metadata.Uid ?? "", out var running) && running.Process is { } process)
        {
            if (running.Termination is null)
            {
                // As the kubelet: SIGTERM now, SIGKILL when the grace period is over; readiness false first (the
                // server answers 503 from SIGTERM on), while the process drains in the background.
                var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30);
                running.Termination = TerminateAsync(process, grace);
                LogTerminating(running.Namespace, running.Name, grace.TotalSeconds);
                SetReady(running, false, time.GetUtcNow());
                await WriteStatusAsync(pod, running, ct).ConfigureAwait(false);
            }

            if (!running.Termination.IsCompleted)
            {
                return;
            }

            LogTerminated(running.Namespace, running.Name, process.Exited.IsCompleted ? process.Exited.Result : -1);
        }

        if (_pods.TryRemove(pod.Metadata.Uid ?? "", out var runtime))
        {
            await StopAsync(runtime).ConfigureAwait(false);
        }

        try
        {
            await client.DeleteAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name ?? "", new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason is StatusReason.NotFound or StatusReason.Conflict)
        {
            // Already gone.
        }
    }

    /// <summary>SIGTERM, SIGKILL after <paramref name="grace"/>; completes once the process has exited (or 5 s after the SIGKILL).</summary>
    private static async Task TerminateAsync(ChildProcess process, TimeSpan grace)
    {
        await process.StopAsync(grace, CancellationToken.None).ConfigureAwait(false);
        await process.Exited.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private async Task StopAsync(PodRuntime runtime)
    {
        if (runtime.Process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
            runtime.Process = null;
            LogStopped(runtime.Namespace, runtime.Name);
        }

        _addresses.Release(runtime.Ip);
        var volumes = Path.Combine(_volumes, runtime.Uid);
        if (Directory.Exists(volumes))
        {
            Directory.Delete(volumes, recursive: true);
        }
    }

    private async Task StopAllAsync()
    {
        var all = _pods.Values.ToList();
        _pods.Clear();
        await Task.WhenAll(all.Select(StopAsync)).ConfigureAwait(false);
        if (options.TargetsFile is not null)
        {
            FileSdTargets.Write(options.TargetsFile, []);
        }
    }

    private void WriteTargets(IReadOnlyList<V1Pod> pods)
    {
        if (options.TargetsFile is null)
        {
            return;
        }

        var targets = pods.Select(FileSdTargets.ForPod).OfType<ScrapeTarget>().ToList();
        var json = FileSdTargets.ToJson(targets);
        if (json != _lastTargets)
        {
            FileSdTargets.Write(options.TargetsFile, targets);
            _lastTargets = json;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} registered")]
    private partial void LogNodeRegistered(string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "service proxy (HTTP_PROXY of serving processes) on {Url}")]
    private partial void LogProxy(string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Pod}: {Failure}; the container waits")]
    private partial void LogMountFailed(string @namespace, string pod, string failure);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Namespace}/{Pod} bound to {Node}")]
    private partial void LogBound(string @namespace, string pod, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Pod}: serving process started on {Ip} (pid {Pid})")]
    private partial void LogStarted(string @namespace, string pod, string ip, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Pod}: serving process exited with code {Code}; restarting in {BackoffSeconds}s. Log tail:\n{Tail}")]
    private partial void LogExited(string @namespace, string pod, int code, double backoffSeconds, string tail);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Pod}: deleted; SIGTERM sent, SIGKILL after {GraceSeconds}s")]
    private partial void LogTerminating(string @namespace, string pod, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Pod}: serving process exited with code {Code} after SIGTERM")]
    private partial void LogTerminated(string @namespace, string pod, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Pod}: serving process stopped")]
    private partial void LogStopped(string @namespace, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node agent sync failed (retrying): {Message}")]
    private partial void LogSyncFailed(string message);
}
