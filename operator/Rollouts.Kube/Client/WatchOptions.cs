namespace Rollouts.Kube;

/// <summary>Parameters of a WATCH.</summary>
public sealed record WatchOptions
{
    /// <summary>resourceVersion to start after (from a LIST); null starts with synthetic ADDED events for existing objects.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Server-side timeout of one watch request (the stream is then resumed transparently); default 5 minutes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
