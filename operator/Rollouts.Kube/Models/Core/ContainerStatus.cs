using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ContainerStatus (state kept raw).</summary>
public sealed class ContainerStatus
{
    /// <summary>Container name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Whether the container passes its readiness probe.</summary>
    public bool Ready { get; set; }

    /// <summary>Number of restarts.</summary>
    public int RestartCount { get; set; }

    /// <summary>Image the container runs.</summary>
    public string? Image { get; set; }

    /// <summary>Whether the container has started.</summary>
    public bool? Started { get; set; }

    /// <summary>Current state (waiting/running/terminated) as raw JSON.</summary>
    public JsonElement? State { get; set; }

    /// <summary>Last termination state as raw JSON.</summary>
    public JsonElement? LastState { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
