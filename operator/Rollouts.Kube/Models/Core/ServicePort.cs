using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ServicePort.</summary>
public sealed class ServicePort
{
    /// <summary>Port name.</summary>
    public string? Name { get; set; }

    /// <summary>TCP, UDP or SCTP — required for server-side apply on v1.20 (see <see cref="Service"/>).</summary>
    public string? Protocol { get; set; } = "TCP";

    /// <summary>Service port.</summary>
    public int Port { get; set; }

    /// <summary>Pod port number or name.</summary>
    public IntOrString? TargetPort { get; set; }
}
