namespace Rollouts.Kube;

/// <summary>Watch event types (ERROR events are surfaced as <see cref="KubeApiException"/>, not as events).</summary>
public enum WatchEventType
{
    /// <summary>An object was added (or existed when the watch started without a resourceVersion).</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object was deleted; the payload is its last state.</summary>
    Deleted,

    /// <summary>A progress marker carrying only a resourceVersion (allowWatchBookmarks=true).</summary>
    Bookmark,
}
