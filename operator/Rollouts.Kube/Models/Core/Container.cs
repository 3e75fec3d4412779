using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 Container.</summary>
public sealed class Container
{
    /// <summary>Container name (DNS label).</summary>
    public string Name { get; set; } = "";

    /// <summary>Image reference.</summary>
    public string? Image { get; set; }

    /// <summary>Image pull policy: Always, IfNotPresent, Never.</summary>
    public string? ImagePullPolicy { get; set; }

    /// <summary>Entrypoint override.</summary>
    public List<string>? Command { get; set; }

    /// <summary>Arguments.</summary>
    public List<string>? Args { get; set; }

    /// <summary>Environment variables.</summary>
    public List<EnvVar>? Env { get; set; }

    /// <summary>Exposed ports.</summary>
    public List<ContainerPort>? Ports { get; set; }

    /// <summary>Compute resources: <c>requests</c>/<c>limits</c> maps of resource name to quantity string.</summary>
    public ResourceRequirements? Resources { get; set; }

    /// <summary>Readiness probe.</summary>
    public Probe? ReadinessProbe { get; set; }

    /// <summary>Liveness probe.</summary>
    public Probe? LivenessProbe { get; set; }

    /// <summary>Startup probe.</summary>
    public Probe? StartupProbe { get; set; }

    /// <summary>Volume mounts.</summary>
    public List<VolumeMount>? VolumeMounts { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
