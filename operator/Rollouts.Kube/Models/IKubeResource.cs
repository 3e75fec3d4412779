namespace Rollouts.Kube;

/// <summary>
/// Implemented by every typed model that the client can address: names the REST resource of the type.
/// Custom resources (e.g. ModelDeployment) implement it too.
/// </summary>
public interface IKubeResource
{
    /// <summary>The REST resource (group, version, plural, kind, scope) of the implementing type.</summary>
    static abstract ResourceType Resource { get; }
}
