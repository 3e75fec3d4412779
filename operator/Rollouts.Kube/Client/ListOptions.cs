namespace Rollouts.Kube;

/// <summary>Query parameters of a LIST.</summary>
public sealed record ListOptions
{
    /// <summary>Label selector, e.g. <c>app=x,tier in (a,b)</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector, e.g. <c>metadata.name=x</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the response's <c>metadata.continue</c> fetches the next page.</summary>
    public int? Limit { get; init; }

    /// <summary>Continue token from the previous page.</summary>
    public string? Continue { get; init; }
}
