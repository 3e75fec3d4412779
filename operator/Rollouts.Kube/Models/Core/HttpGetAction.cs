using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 HTTPGetAction.</summary>
public sealed class HttpGetAction
{
    /// <summary>Request path, e.g. <c>/v2/health/ready</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Port number or name.</summary>
    public IntOrString Port { get; set; }

    /// <summary>HTTP or HTTPS.</summary>
    public string? Scheme { get; set; }
}
