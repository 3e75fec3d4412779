using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using Rollouts.Api;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Renders the apps/v1 Deployment of one revision (pure). Pods run the serving image with the model flags of the
/// serving command line (seams §5) and the ModelDeployment and revision as series labels; port 8080 named http (and
/// 9000 named grpc when <c>spec.serving.grpc</c> is true); auth Secrets mounted read-only (<see cref="ServingAuth"/>),
/// S3 credentials through secretKeyRef and pvc:// claims mounted read-only (<see cref="ModelStorage"/>); startup/readiness/liveness probes
/// on the V2 health endpoints; a drain on SIGTERM within the grace period (no preStop: the server drains itself);
/// restricted Pod Security (non-root uid 1654, no privilege escalation, all capabilities dropped, RuntimeDefault
/// seccomp) with a read-only root filesystem and an emptyDir at /tmp; the shadow ConfigMap mounted read-only, always
/// (seams S1, <see cref="ShadowConfigRenderer"/>), so starting or stopping a shadow never changes the pod template; and
/// prometheus.io scrape annotations.
/// <c>spec.replicas</c> is left out while an HPA is in charge.
/// </summary>
public static class DeploymentRenderer
{
    /// <summary>The serving container's port.</summary>
    public const int HttpPort = 8080;

    /// <summary>The serving container's gRPC (h2c) port, named grpc, when <c>spec.serving.grpc</c> is true.</summary>
    public const int GrpcPort = 9000;

    /// <summary>The uid the serving container runs as.</summary>
    public const long RunAsUser = 1654;

    /// <summary>
    /// Seconds the server keeps serving, not ready, after SIGTERM (<c>--drain-seconds</c>) before it closes its
    /// listeners: the endpoints controller drops a terminating pod at once, kube-proxy and a Gateway's proxies follow
    /// within a few seconds.
    /// </summary>
    public const int DrainSeconds = 5;

    /// <summary>
    /// The pods' terminationGracePeriodSeconds: the drain, the server's 10 s for in-flight requests once the listeners
    /// are closed, and 5 s of margin before the kubelet's SIGKILL.
    /// </summary>
    public const int TerminationGracePeriodSeconds = DrainSeconds + 10 + 5;

    /// <summary>
    /// The Deployment of <paramref name="revision"/> with <paramref name="replicas"/>, owned by <paramref name="owner"/>.
    /// <paramref name="replicas"/> null leaves <c>spec.replicas</c> out of what is applied (an HPA is in charge of it).
    /// </summary>
    public static V1Deployment Render(ModelDeployment owner, string revision, int? replicas, string image)
    {
        var spec = owner.Spec ?? throw new ArgumentException("the ModelDeployment has no spec", nameof(owner));
        var name = owner.Metadata.Name ?? throw new ArgumentException("the ModelDeployment has no name", nameof(owner));
        var model = spec.Model;
        var labels = PodLabels.Full(name, revision, model.Name, model.Version);
        var overrides = spec.Serving?.PodTemplate;

        var podLabels = new Dictionary<string, string>(overrides?.Labels ?? []);
        foreach (var (k, v) in labels)
        {
            podLabels[k] = v;
        }

        var podAnnotations = new Dictionary<string, string>(overrides?.Annotations ?? [])
        {
            ["prometheus.io/scrape"] = "true",
            ["prometheus.io/port"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["prometheus.io/path"] = "/metrics",
        };

        var auth = ServingAuth.Render(spec.Serving?.Auth);
        var storage = ModelStorage.PvcVolumes(model);
        var env = (overrides?.Env ?? []).Select(e => new V1EnvVar { Name = e.Name, Value = e.Value }).Concat(ModelStorage.S3Env(spec.Serving?.S3)).ToList();
        env.RemoveAll(e => e.Name == ShadowConfigRenderer.EnvironmentVariable);
        env.Add(new V1EnvVar { Name = ShadowConfigRenderer.EnvironmentVariable, Value = ShadowConfigRenderer.FilePath });
        var ports = new List<V1ContainerPort> { new() { Name = "http", ContainerPort = HttpPort, Protocol = "TCP" } };
        if (spec.Serving?.Grpc == true)
        {
            ports.Add(new V1ContainerPort { Name = "grpc", ContainerPort = GrpcPort, Protocol = "TCP" });
        }

        var container = new V1Container
        {
            Name = "server",
            Image = image,
            // The series carry the ModelDeployment and the revision, whatever the scrape configuration (docs/analysis.md);
            // the drain on SIGTERM fits the grace period below (docs/serving.md).
            Args = [.. Args(spec), "--model-deployment", name, "--model-revision", revision, "--drain-seconds", DrainSeconds.ToString(CultureInfo.InvariantCulture)],
            Env = env,
            Ports = ports,
            Resources = spec.Serving?.Resources is { } r ? new V1ResourceRequirements { Requests = Quantities(r.Requests), Limits = Quantities(r.Limits) } : null,
            StartupProbe = Probe("/v2/health/live", period: 2, failures: 90),
            ReadinessProbe = Probe("/v2/health/ready", period: 5, failures: 3),
            LivenessProbe = Probe("/v2/health/live", period: 10, failures: 3),
            VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }, ShadowConfigRenderer.Mount(), .. auth.Mounts, .. storage.Mounts],
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                RunAsNonRoot = true,
                RunAsUser = RunAsUser,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
        };

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta
            {
                Name = WorkloadNames.Deployment(name, revision),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [Ownership.ControllerRef(owner)],
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = PodLabels.ForRevision(name, revision) },
                RevisionHistoryLimit = 2,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels, Annotations = podAnnotations },
                    Spec = new V1PodSpec
                    {
                        Containers = [container],
                        Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }, ShadowConfigRenderer.Volume(name), .. auth.Volumes, .. storage.Volumes],
                        ServiceAccountName = overrides?.ServiceAccountName,
                        NodeSelector = overrides?.NodeSelector,
                        TerminationGracePeriodSeconds = TerminationGracePeriodSeconds,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = RunAsUser,
                            RunAsGroup = RunAsUser,
                            FsGroup = RunAsUser,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Tolerations = overrides?.Tolerations is { Count: > 0 } tolerations
                            ? [.. tolerations.Select(t => KubernetesJson.Deserialize<V1Toleration>(t))]
                            : null,
                        Affinity = overrides?.Affinity is { ValueKind: JsonValueKind.Object } affinity ? KubernetesJson.Deserialize<V1Affinity>(affinity) : null,
                    },
                },
            },
        };
    }

    /// <summary>The server's command-line arguments for <paramref name="spec"/> (seams §5).</summary>
    public static List<string> Args(ModelDeploymentSpec spec)
    {
        var m = spec.Model;
        var args = new List<string>
        {
            "--model-name", m.Name,
            "--model-version", m.Version,
            "--model-uri", ModelStorage.ServerUri(m.Uri),
        };
        if (!string.IsNullOrEmpty(m.Sha256))
        {
            args.AddRange(["--model-sha256", m.Sha256]);
        }

        if (!string.IsNullOrEmpty(m.BaselineUri))
        {
            args.AddRange(["--baseline-uri", ModelStorage.ServerUri(m.BaselineUri)]);
        }

        if (spec.Serving?.Batching?.MaxBatchSize is { } size)
        {
            args.AddRange(["--max-batch-size", size.ToString(CultureInfo.InvariantCulture)]);
        }

        if (spec.Serving?.Batching?.MaxDelayMicroseconds is { } delay)
        {
            args.AddRange(["--max-batch-delay-us", delay.ToString(CultureInfo.InvariantCulture)]);
        }

        if (spec.Serving?.Grpc == true)
        {
            args.AddRange(["--grpc-port", GrpcPort.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(ServingAuth.Render(spec.Serving?.Auth).Args);
        args.AddRange(["--urls", $"http://0.0.0.0:{HttpPort}"]);
        return args;
    }

    private static Dictionary<string, ResourceQuantity>? Quantities(Dictionary<string, string>? values) =>
        values?.ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value));

    private static V1Probe Probe(string path, int period, int failures) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = period,
        FailureThreshold = failures,
        TimeoutSeconds = 2,
    };
}
