using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPHeaderMatch.</summary>
public sealed class HttpHeaderMatch
{
    /// <summary>Exact or RegularExpression.</summary>
    public string? Type { get; set; }

    /// <summary>Header name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Header value.</summary>
    public string Value { get; set; } = "";
}
