namespace Rollouts.Kube;

/// <summary>HTTPHeaderMatch.</summary>
public sealed record HttpHeaderMatch
{
    /// <summary><c>Exact</c> or <c>RegularExpression</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Header name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Header value.</summary>
    public string Value { get; set; } = "";
}
