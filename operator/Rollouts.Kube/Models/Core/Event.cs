using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 Event: a report about an object (what <c>kubectl describe</c> shows).</summary>
public sealed class Event : KubeObject, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Event;

    /// <summary>An event with apiVersion and kind set.</summary>
    public Event()
    {
        ApiVersion = "v1";
        Kind = "Event";
    }

    /// <summary>The object the event is about.</summary>
    public ObjectReference InvolvedObject { get; set; } = new();

    /// <summary>Short CamelCase reason, e.g. <c>CanaryStepStarted</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable description.</summary>
    public string? Message { get; set; }

    /// <summary>Normal or Warning (see <see cref="EventType"/>).</summary>
    public string? Type { get; set; }

    /// <summary>The reporting component.</summary>
    public EventSource? Source { get; set; }

    /// <summary>Controller that emitted the event (e.g. <c>ml.rollouts.dev/operator</c>).</summary>
    public string? ReportingComponent { get; set; }

    /// <summary>Instance (pod/host) of the reporting controller.</summary>
    public string? ReportingInstance { get; set; }

    /// <summary>First time the event was seen.</summary>
    public DateTimeOffset? FirstTimestamp { get; set; }

    /// <summary>Last time the event was seen.</summary>
    public DateTimeOffset? LastTimestamp { get; set; }

    /// <summary>Times the event occurred.</summary>
    public int? Count { get; set; }
}
