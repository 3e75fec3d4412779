using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// The KWOK-like mode of the node agent: pods are marked Running and Ready without running anything, so thousands of
/// ModelDeployments can roll out on one machine. It registers a Node, watches pods through an informer (one list,
/// then a watch: no polling) and reconciles each changed pod on a work queue with
/// <see cref="SimulatedPodsOptions.Workers"/> workers: an unbound pod is bound to the node (a core/v1 Binding, as the
/// scheduler does); a bound pod that is not yet Ready gets, in one status write, phase Running, a podIP from
/// <see cref="SimulatedPodsOptions.PodIpPrefix"/>, hostIP, the Ready/ContainersReady/Initialized/PodScheduled
/// conditions and a running, ready containerStatus per container; a pod being deleted is removed (grace period 0, as
/// the kubelet confirms a deletion). Pods already Ready are left alone, so the agent writes nothing at rest; failed
/// writes are retried with the queue's per-key backoff. Images are not checked: every pod becomes Ready.
/// </summary>
public sealed partial class SimulatedNodeAgent : IReconciler
{
    private readonly IKubeClient client;
    private readonly SimulatedPodsOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SharedInformers informers;
    private readonly Informer<V1Pod> pods;
    private readonly Controller controller;
    private int nextIp;
    private int marked;

    /// <summary>Creates the agent (not started: call <see cref="RunAsync"/>).</summary>
    /// <param name="client">Client with the rights of a kubelet and scheduler (pods, pods/status, pods/binding, nodes).</param>
    /// <param name="options">Settings.</param>
    /// <param name="time">Clock of the status timestamps and the queue's backoff.</param>
    /// <param name="logger">Logger.</param>
    public SimulatedNodeAgent(IKubeClient client, SimulatedPodsOptions options, TimeProvider time, ILogger logger)
    {
        this.client = client;
        this.options = options;
        this.time = time;
        this.logger = logger;
        informers = new SharedInformers(client, time);
        pods = informers.Get<V1Pod>(options.Namespace);
        controller = new ControllerBuilder("simulated-pods", informers).For<V1Pod>(options.Namespace)
            .WithReconciler(this).WithWorkers(options.Workers).WithTimeProvider(time).WithLogger(logger).Build();
    }

    /// <summary>Pods this agent has marked Ready so far (status writes that succeeded).</summary>
    public int PodsMarkedReady => Volatile.Read(ref marked);

    /// <summary>Registers the node, then binds and marks pods until <paramref name="ct"/> is cancelled.</summary>
    /// <exception cref="KubeApiException">The node could not be registered.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        await NodeRegistration.RegisterAsync(client, options.NodeName, options.HostIp, time, ct).ConfigureAwait(false);
        LogStarted(options.NodeName, options.Namespace ?? "all namespaces");
        await new ControllerManager(informers, [controller]).RunAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (pods.Get(key) is not { } pod || pod.Spec is null)
        {
            return ReconcileResult.Done;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            if (pod.Spec.NodeName == options.NodeName || string.IsNullOrEmpty(pod.Spec.NodeName))
            {
                await client.DeleteAsync<V1Pod>(key.Namespace, key.Name, new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, ct).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        if (string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            await NodeRegistration.BindAsync(client, pod, options.NodeName, ct).ConfigureAwait(false);
            return ReconcileResult.Done; // the bound pod's watch event brings it back
        }

        if (pod.Spec.NodeName != options.NodeName || IsReady(pod))
        {
            return ReconcileResult.Done;
        }

        await client.MergePatchStatusAsync<V1Pod>(key.Namespace, key.Name, new JsonObject { ["status"] = Status(pod) }, ct).ConfigureAwait(false);
        Interlocked.Increment(ref marked);
        return ReconcileResult.Done;
    }

    /// <summary>True when the pod reports phase Running, a podIP and the Ready condition True.</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status is { Phase: "Running", PodIP: { Length: > 0 } } s && s.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private JsonObject Status(V1Pod pod)
    {
        var now = time.GetUtcNow();
        var ip = pod.Status?.PodIP is { Length: > 0 } kept ? kept : NextIp();
        var containers = pod.Spec!.Containers.Select(c => new ContainerSnapshot
        {
            Name = c.Name,
            Image = c.Image ?? "",
            RunningSince = now,
            Ready = true,
            EverStarted = true,
        }).ToList();
        var status = PodStatusBuilder.Build(containers[0], ip, options.HostIp, now, now);
        if (containers.Count > 1)
        {
            status["containerStatuses"] = new JsonArray([.. containers.Select(c => PodStatusBuilder.Build(c, ip, options.HostIp, now, now)["containerStatuses"]![0]!.DeepClone())]);
        }

        return status;
    }

    private string NextIp()
    {
        var n = (int)((uint)Interlocked.Increment(ref nextIp) % (256 * 254));
        return string.Create(CultureInfo.InvariantCulture, $"{options.PodIpPrefix}.{n / 254}.{(n % 254) + 1}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "simulated node {Node} registered; marking pods Ready in {Scope}")]
    private partial void LogStarted(string node, string scope);
}
