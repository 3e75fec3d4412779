using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apiextensions.k8s.io/v1 CustomResourceDefinition (enough to create one and wait for Established).</summary>
public sealed class CustomResourceDefinition
    : KubeObject<CustomResourceDefinitionSpec, CustomResourceDefinitionStatus>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.CustomResourceDefinition;

    /// <summary>A CRD with apiVersion and kind set.</summary>
    public CustomResourceDefinition()
    {
        ApiVersion = "apiextensions.k8s.io/v1";
        Kind = "CustomResourceDefinition";
    }

    /// <summary>True when the Established condition is True (the API server serves the type).</summary>
    [JsonIgnore]
    public bool IsEstablished =>
        Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == ConditionStatus.True) == true;
}
