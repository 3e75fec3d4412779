namespace Rollouts.Kube;

/// <summary>Event severity.</summary>
public enum EventType
{
    /// <summary>Normal operation.</summary>
    Normal,

    /// <summary>Something went wrong or needs attention.</summary>
    Warning,
}
