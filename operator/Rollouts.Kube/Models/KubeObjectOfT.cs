namespace Rollouts.Kube;

/// <summary>A Kubernetes object with a desired state (<c>spec</c>) and an observed state (<c>status</c>).</summary>
/// <typeparam name="TSpec">The spec model.</typeparam>
/// <typeparam name="TStatus">The status model (written through the status subresource).</typeparam>
public abstract class KubeObject<TSpec, TStatus> : KubeObject
    where TSpec : class
    where TStatus : class
{
    /// <summary>Desired state.</summary>
    public TSpec? Spec { get; set; }

    /// <summary>Observed state.</summary>
    public TStatus? Status { get; set; }
}
