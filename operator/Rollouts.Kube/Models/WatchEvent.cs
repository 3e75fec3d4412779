namespace Rollouts.Kube;

/// <summary>One event of a watch stream.</summary>
/// <typeparam name="T">The object type.</typeparam>
/// <param name="Type">The event type.</param>
/// <param name="Object">The object (for Bookmark only metadata.resourceVersion is meaningful).</param>
public sealed record WatchEvent<T>(WatchEventType Type, T Object)
    where T : KubeObject;
