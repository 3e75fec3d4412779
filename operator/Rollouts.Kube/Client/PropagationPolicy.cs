namespace Rollouts.Kube;

/// <summary>Garbage-collection policy of a DELETE.</summary>
public enum PropagationPolicy
{
    /// <summary>The object is deleted after its dependents (foregroundDeletion finalizer).</summary>
    Foreground,

    /// <summary>The object is deleted at once; the garbage collector deletes dependents afterwards.</summary>
    Background,

    /// <summary>Dependents are kept (their ownerReferences are removed).</summary>
    Orphan,
}
