namespace Rollouts.Kube;

/// <summary>Query parameters of a LIST.</summary>
public sealed record ListOptions
{
    /// <summary>Label selector, e.g. <c>app=x,tier in (a,b)</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector, e.g. <c>metadata.name=x</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the response's <see cref="ListMeta.Continue"/> fetches the next page.</summary>
    public int? Limit { get; init; }

    /// <summary>Continue token from the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>resourceVersion semantics of the read ("0" = any cached version); null = most recent (quorum read).</summary>
    public string? ResourceVersion { get; init; }
}
