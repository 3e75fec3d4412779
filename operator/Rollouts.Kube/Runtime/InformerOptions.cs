namespace Rollouts.Kube;

/// <summary>What an informer lists and watches.</summary>
public sealed record InformerOptions
{
    /// <summary>Namespace to watch; null = all namespaces (or a cluster-scoped type).</summary>
    public string? Namespace { get; init; }

    /// <summary>Label selector restricting the cached objects.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Page size of the initial list and relists (limit/continue). Default 500.</summary>
    public int PageSize { get; init; } = 500;
}
