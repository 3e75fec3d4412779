using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ContainerPort.</summary>
public sealed class ContainerPort
{
    /// <summary>Port name (IANA_SVC_NAME), e.g. <c>http</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Port number in the container.</summary>
    [JsonPropertyName("containerPort")]
    public int Port { get; set; }

    /// <summary>TCP, UDP or SCTP. State it explicitly: server-side apply on v1.20 keys container ports by (containerPort, protocol).</summary>
    public string? Protocol { get; set; }
}
