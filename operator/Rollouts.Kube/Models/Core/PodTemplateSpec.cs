using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 PodTemplateSpec.</summary>
public sealed class PodTemplateSpec
{
    /// <summary>Metadata of pods created from the template (labels, annotations).</summary>
    public ObjectMeta? Metadata { get; set; }

    /// <summary>The pod spec.</summary>
    public PodSpec? Spec { get; set; }
}
