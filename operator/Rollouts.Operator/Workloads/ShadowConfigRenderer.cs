using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;
using Rollouts.Api;
using Rollouts.Operator.Planning;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Renders the shadow ConfigMap <c>&lt;name&gt;-shadow</c> (seams S1, pure), key <c>shadow.json</c>:
/// <c>{"percent": P, "targetUrl": "http://&lt;name&gt;-canary.&lt;ns&gt;.svc:80", "targetRevision": "&lt;hash&gt;",
/// "compare": "Auto", "tolerance": 0.001}</c>, or <c>{"percent": 0}</c> when shadowing is off. Owned by the
/// ModelDeployment (garbage-collected with it). Every serving pod mounts it at <see cref="MountPath"/> (optional, so a
/// pod starts before it exists) and reads <see cref="FilePath"/> (<see cref="EnvironmentVariable"/>); the kubelet refreshes
/// the file within about a minute, without a restart.
/// </summary>
public static class ShadowConfigRenderer
{
    /// <summary>The ConfigMap key holding the configuration.</summary>
    public const string Key = "shadow.json";

    /// <summary>The volume name in the pod template.</summary>
    public const string VolumeName = "shadow";

    /// <summary>Where the ConfigMap is mounted in the serving container.</summary>
    public const string MountPath = "/etc/model-rollouts/shadow";

    /// <summary>The file the server polls (<c>--shadow-config</c>).</summary>
    public const string FilePath = MountPath + "/" + Key;

    /// <summary>
    /// The variable that gives the server <see cref="FilePath"/>: <c>SERVING_SHADOW_CONFIG</c>, the environment form of
    /// <c>--shadow-config</c> (every serving flag has one). An environment variable rather than the flag, so a serving
    /// image that predates shadowing ignores it instead of refusing an unknown flag.
    /// </summary>
    public const string EnvironmentVariable = "SERVING_SHADOW_CONFIG";

    /// <summary>File mode of the mounted key: 0444 (read-only for everyone; the container runs as a non-root uid).</summary>
    public const int DefaultMode = 0x124; // 0444 octal

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The ConfigMap of <paramref name="owner"/> for <paramref name="shadow"/> (null: off, percent 0).</summary>
    public static V1ConfigMap Render(ModelDeployment owner, ShadowPlan? shadow)
    {
        var name = owner.Metadata.Name ?? throw new ArgumentException("the ModelDeployment has no name", nameof(owner));
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = WorkloadNames.ShadowConfig(name),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = PodLabels.ManagedBy,
                    [ModelDeploymentAnnotations.DeploymentLabel] = name,
                },
                OwnerReferences = [Ownership.ControllerRef(owner)],
            },
            Data = new Dictionary<string, string> { [Key] = Document(owner, shadow) },
        };
    }

    /// <summary>The <c>shadow.json</c> text for <paramref name="shadow"/> (null: <c>{"percent":0}</c>).</summary>
    public static string Document(ModelDeployment owner, ShadowPlan? shadow)
    {
        if (shadow is null)
        {
            return JsonSerializer.Serialize(new Config(0, null, null, null, null), Json);
        }

        return JsonSerializer.Serialize(new Config(shadow.Percent, TargetUrl(owner), shadow.TargetRevision, shadow.Compare, shadow.Tolerance), Json);
    }

    /// <summary>
    /// The canary Service's in-cluster URL: <c>http://&lt;name&gt;-canary.&lt;ns&gt;.svc:80</c> (the Service's port,
    /// <see cref="ServiceRenderer.Port"/>, which forwards to the pods' 8080).
    /// </summary>
    public static string TargetUrl(ModelDeployment owner) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{WorkloadNames.SecondaryService(owner.Metadata.Name!, false)}.{owner.Metadata.NamespaceProperty}.svc:{ServiceRenderer.Port}");

    /// <summary>The pod volume: the ConfigMap, optional (pods start before it exists), mode 0444.</summary>
    public static V1Volume Volume(string name) => new()
    {
        Name = VolumeName,
        ConfigMap = new V1ConfigMapVolumeSource { Name = WorkloadNames.ShadowConfig(name), Optional = true, DefaultMode = DefaultMode },
    };

    /// <summary>The container's read-only mount of <see cref="Volume"/> at <see cref="MountPath"/>.</summary>
    public static V1VolumeMount Mount() => new() { Name = VolumeName, MountPath = MountPath, ReadOnlyProperty = true };

    private sealed record Config(
        [property: JsonPropertyName("percent")] int Percent,
        [property: JsonPropertyName("targetUrl")] string? TargetUrl,
        [property: JsonPropertyName("targetRevision")] string? TargetRevision,
        [property: JsonPropertyName("compare")] string? Compare,
        [property: JsonPropertyName("tolerance")] double? Tolerance);
}
