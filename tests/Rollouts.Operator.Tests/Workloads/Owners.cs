using Rollouts.Api;

namespace Rollouts.Operator.Tests.Workloads;

/// <summary>The ModelDeployment iris in namespace models (uid uid-1) that rendering tests render for.</summary>
public static class Owners
{
    public static ModelDeployment Of(ModelDeploymentSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "models", Uid = "uid-1" },
        Spec = spec,
    };
}
