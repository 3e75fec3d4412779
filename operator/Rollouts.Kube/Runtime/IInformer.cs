namespace Rollouts.Kube;

/// <summary>The type-independent face of an <see cref="Informer{T}"/>, for starting and readiness.</summary>
public interface IInformer
{
    /// <summary>The resource the informer lists and watches.</summary>
    KubeResource Resource { get; }

    /// <summary>True once the first complete list has been loaded into the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Lists, then watches, into the cache until <paramref name="ct"/> is cancelled (resuming watches,
    /// relisting on 410 Gone and after list failures, with backoff).</summary>
    Task RunAsync(CancellationToken ct);

    /// <summary>Completes when the first list is in the cache.</summary>
    Task WaitForSyncAsync(CancellationToken ct);
}
