using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 EventSource.</summary>
public sealed class EventSource
{
    /// <summary>Component name.</summary>
    public string? Component { get; set; }

    /// <summary>Host name.</summary>
    public string? Host { get; set; }
}
