namespace Rollouts.Kube;

/// <summary>How an informer lists (what it lists and watches is its <see cref="IListWatch{T}"/>).</summary>
public sealed record InformerOptions
{
    /// <summary>Page size of the initial list and relists (limit/continue). Default 500.</summary>
    public int PageSize { get; init; } = 500;
}
