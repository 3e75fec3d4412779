namespace Rollouts.Kube;

/// <summary>HTTPPathMatch.</summary>
public sealed record HttpPathMatch
{
    /// <summary><c>Exact</c>, <c>PathPrefix</c> or <c>RegularExpression</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The path value, e.g. <c>/v2/models/iris</c>.</summary>
    public string? Value { get; set; }
}
