using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>Records core/v1 Events about an object (what <c>kubectl describe</c> shows). Best effort: a failure to
/// record is logged, never thrown.</summary>
public interface IEventRecorder
{
    /// <summary>Records an event about <paramref name="regarding"/>.</summary>
    /// <param name="regarding">The object (needs kind, apiVersion, namespace, name, uid).</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">Short CamelCase reason, e.g. <c>CanaryStepStarted</c>.</param>
    /// <param name="message">Human-readable description.</param>
    /// <param name="ct">Cancellation.</param>
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken ct);
}
