using k8s;
using k8s.Models;
using Rollouts.Api;

namespace Rollouts.Operator.Workloads;

/// <summary>Controller owner references to a ModelDeployment.</summary>
public static class Ownership
{
    /// <summary>The controller owner reference (controller and blockOwnerDeletion true) to <paramref name="owner"/>.</summary>
    public static V1OwnerReference ControllerRef(ModelDeployment owner) => new()
    {
        ApiVersion = ModelDeployment.GroupVersion,
        Kind = ModelDeployment.KindName,
        Name = owner.Metadata.Name ?? "",
        Uid = owner.Metadata.Uid ?? "",
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>True when <paramref name="obj"/> is controlled by the ModelDeployment with <paramref name="uid"/>.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> obj, string? uid) =>
        uid is not null && obj.Metadata?.OwnerReferences?.Any(r => r.Controller == true && r.Uid == uid && r.Kind == ModelDeployment.KindName) == true;
}
