namespace Rollouts.Kube;

/// <summary>Parameters of one WATCH request.</summary>
public sealed record WatchOptions
{
    /// <summary>resourceVersion to start after (from a LIST or the last event); null starts with synthetic ADDED events for existing objects.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Server-side duration of the request in seconds, after which the server closes the stream (default 300).</summary>
    public int TimeoutSeconds { get; init; } = 300;
}
