namespace Rollouts.Kube;

/// <summary>The type-independent face of an <see cref="Informer{T}"/>, for starting and readiness.</summary>
public interface IInformer
{
    /// <summary>The resource the informer lists and watches.</summary>
    ResourceType Resource { get; }

    /// <summary>True once the first complete list has been loaded into the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Lists, then watches, into the cache until <paramref name="ct"/> is cancelled (relisting on 410 Gone
    /// and after failures, with backoff).</summary>
    Task RunAsync(CancellationToken ct);

    /// <summary>Completes when the first list is in the cache.</summary>
    Task WaitForSyncAsync(CancellationToken ct);
}
