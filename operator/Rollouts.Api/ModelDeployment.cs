using k8s;
using k8s.Models;
using Rollouts.Api.Status;

namespace Rollouts.Api;

/// <summary>
/// ml.rollouts.dev/v1alpha1 ModelDeployment (namespaced, short name <c>mdep</c>): a model served by the operator's
/// inference server and rolled out by canary or blue-green. Schema: crds/modeldeployments.ml.rollouts.dev.yaml.
/// A KubernetesClient object (<see cref="IKubernetesObject{TMetadata}"/> with spec and status), addressed through
/// its <see cref="KubernetesEntityAttribute"/>.
/// </summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
public sealed class ModelDeployment : IKubernetesObject<V1ObjectMeta>, ISpec<ModelDeploymentSpec>, IStatus<ModelDeploymentStatus>
{
    /// <summary>API group.</summary>
    public const string Group = "ml.rollouts.dev";

    /// <summary>API version.</summary>
    public const string Version = "v1alpha1";

    /// <summary>Kind.</summary>
    public const string KindName = "ModelDeployment";

    /// <summary>Resource (plural) name: <c>/apis/ml.rollouts.dev/v1alpha1/namespaces/{ns}/modeldeployments</c>.</summary>
    public const string Plural = "modeldeployments";

    /// <summary>The <c>apiVersion</c> string, <c>ml.rollouts.dev/v1alpha1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary><c>ml.rollouts.dev/v1alpha1</c>.</summary>
    public string ApiVersion { get; set; } = GroupVersion;

    /// <summary><c>ModelDeployment</c>.</summary>
    public string Kind { get; set; } = KindName;

    /// <summary>Object metadata.</summary>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state; null only in a malformed object.</summary>
    public ModelDeploymentSpec? Spec { get; set; }

    /// <summary>Observed state (written by the operator through the status subresource); null before the first write.</summary>
    public ModelDeploymentStatus? Status { get; set; }

    /// <inheritdoc />
    ModelDeploymentSpec ISpec<ModelDeploymentSpec>.Spec
    {
        get => Spec!;
        set => Spec = value;
    }

    /// <inheritdoc />
    ModelDeploymentStatus IStatus<ModelDeploymentStatus>.Status
    {
        get => Status!;
        set => Status = value;
    }
}
