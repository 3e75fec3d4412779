using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPPathMatch.</summary>
public sealed class HttpPathMatch
{
    /// <summary>Exact, PathPrefix or RegularExpression.</summary>
    public string? Type { get; set; }

    /// <summary>The path value.</summary>
    public string? Value { get; set; }
}
