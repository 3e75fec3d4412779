using System.Globalization;
using System.Text.Json;
using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Renders the apps/v1 Deployment of one revision (pure). Pods run the serving image with the model flags of the
/// serving command line (seams §5), port 8080 named http, startup/readiness/liveness probes on the V2 health endpoints,
/// restricted Pod Security (non-root uid 1654, no privilege escalation, all capabilities dropped, RuntimeDefault
/// seccomp) with a read-only root filesystem and an emptyDir at /tmp, and prometheus.io scrape annotations.
/// </summary>
public static class DeploymentRenderer
{
    /// <summary>The serving container's port.</summary>
    public const int HttpPort = 8080;

    /// <summary>The uid the serving container runs as.</summary>
    public const long RunAsUser = 1654;

    /// <summary>The Deployment of <paramref name="revision"/> with <paramref name="replicas"/>, owned by <paramref name="owner"/>.</summary>
    public static Deployment Render(ModelDeployment owner, string revision, int replicas, string image)
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

        var container = new Container
        {
            Name = "server",
            Image = image,
            Args = Args(spec),
            Env = overrides?.Env?.Select(e => new Kube.EnvVar { Name = e.Name, Value = e.Value }).ToList(),
            Ports = [new ContainerPort { Name = "http", Port = HttpPort, Protocol = "TCP" }],
            Resources = spec.Serving?.Resources is { } r ? new Kube.ResourceRequirements { Requests = r.Requests, Limits = r.Limits } : null,
            StartupProbe = Probe("/v2/health/live", period: 2, failures: 90),
            ReadinessProbe = Probe("/v2/health/ready", period: 5, failures: 3),
            LivenessProbe = Probe("/v2/health/live", period: 10, failures: 3),
            VolumeMounts = [new VolumeMount { Name = "tmp", MountPath = "/tmp" }],
            Extra = new()
            {
                ["securityContext"] = JsonSerializer.SerializeToElement(new
                {
                    allowPrivilegeEscalation = false,
                    readOnlyRootFilesystem = true,
                    runAsNonRoot = true,
                    runAsUser = RunAsUser,
                    capabilities = new { drop = new[] { "ALL" } },
                    seccompProfile = new { type = "RuntimeDefault" },
                }),
            },
        };

        var podExtra = new Dictionary<string, JsonElement>
        {
            ["securityContext"] = JsonSerializer.SerializeToElement(new
            {
                runAsNonRoot = true,
                runAsUser = RunAsUser,
                runAsGroup = RunAsUser,
                fsGroup = RunAsUser,
                seccompProfile = new { type = "RuntimeDefault" },
            }),
        };
        if (overrides?.Tolerations is { Count: > 0 } tolerations)
        {
            podExtra["tolerations"] = JsonSerializer.SerializeToElement(tolerations);
        }

        if (overrides?.Affinity is { ValueKind: JsonValueKind.Object } affinity)
        {
            podExtra["affinity"] = affinity;
        }

        return new Deployment
        {
            Metadata = new ObjectMeta
            {
                Name = WorkloadNames.Deployment(name, revision),
                Namespace = owner.Metadata.Namespace,
                Labels = labels,
                OwnerReferences = [Ownership.ControllerRef(owner)],
            },
            Spec = new DeploymentSpec
            {
                Replicas = replicas,
                Selector = new LabelSelector { MatchLabels = PodLabels.ForRevision(name, revision) },
                RevisionHistoryLimit = 2,
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = podLabels, Annotations = podAnnotations },
                    Spec = new PodSpec
                    {
                        Containers = [container],
                        Volumes = [new Volume { Name = "tmp", Extra = new() { ["emptyDir"] = JsonSerializer.SerializeToElement(new { }) } }],
                        ServiceAccountName = overrides?.ServiceAccountName,
                        NodeSelector = overrides?.NodeSelector,
                        TerminationGracePeriodSeconds = 30,
                        Extra = podExtra,
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
            "--model-uri", m.Uri,
        };
        if (!string.IsNullOrEmpty(m.Sha256))
        {
            args.AddRange(["--model-sha256", m.Sha256]);
        }

        if (!string.IsNullOrEmpty(m.BaselineUri))
        {
            args.AddRange(["--baseline-uri", m.BaselineUri]);
        }

        if (spec.Serving?.Batching?.MaxBatchSize is { } size)
        {
            args.AddRange(["--max-batch-size", size.ToString(CultureInfo.InvariantCulture)]);
        }

        if (spec.Serving?.Batching?.MaxDelayMicroseconds is { } delay)
        {
            args.AddRange(["--max-batch-delay-us", delay.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["--urls", $"http://0.0.0.0:{HttpPort}"]);
        return args;
    }

    private static Probe Probe(string path, int period, int failures) => new()
    {
        HttpGet = new HttpGetAction { Path = path, Port = "http" },
        PeriodSeconds = period,
        FailureThreshold = failures,
        TimeoutSeconds = 2,
    };
}
