using Rollouts.Api.Status;
using Rollouts.Kube;

namespace Rollouts.Api;

/// <summary>
/// ml.rollouts.dev/v1alpha1 ModelDeployment (namespaced, short name <c>mdep</c>): a model served by the operator's
/// inference server and rolled out by canary or blue-green. Schema: crds/modeldeployments.ml.rollouts.dev.yaml.
/// </summary>
public sealed class ModelDeployment : KubeObject<ModelDeploymentSpec, ModelDeploymentStatus>, IKubeResource
{
    /// <summary>API group.</summary>
    public const string Group = "ml.rollouts.dev";

    /// <summary>API version.</summary>
    public const string Version = "v1alpha1";

    /// <summary>Kind.</summary>
    public const string KindName = "ModelDeployment";

    /// <summary>The REST resource <c>/apis/ml.rollouts.dev/v1alpha1/namespaces/{ns}/modeldeployments</c>.</summary>
    public static ResourceType Resource { get; } = new(Group, Version, "modeldeployments", KindName, true);

    /// <summary>An empty ModelDeployment with apiVersion and kind set.</summary>
    public ModelDeployment()
    {
        ApiVersion = Resource.ApiVersion;
        Kind = KindName;
    }
}
