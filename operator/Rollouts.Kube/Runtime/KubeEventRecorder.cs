using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// Writes core/v1 Events through the API. A repeat of the same (object, type, reason, message) within the process
/// bumps <c>count</c> and <c>lastTimestamp</c> of the earlier event instead of creating a new one.
/// </summary>
public sealed partial class KubeEventRecorder : IEventRecorder
{
    private readonly Dictionary<(string?, string?, EventType, string, string), ObjectKey> recent = [];
    private readonly IKubeClient client;
    private readonly string component;
    private readonly string instance;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates the recorder.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="component">Reporting component, e.g. <c>model-rollouts</c>.</param>
    /// <param name="instance">Reporting instance (pod name).</param>
    /// <param name="time">Clock for timestamps.</param>
    /// <param name="logger">Logger for failures.</param>
    public KubeEventRecorder(IKubeClient client, string component, string instance, TimeProvider? time = null, ILogger? logger = null)
    {
        this.client = client;
        this.component = component;
        this.instance = instance;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken ct)
    {
        var ns = regarding.Metadata.NamespaceProperty ?? "default";
        var now = time.GetUtcNow().UtcDateTime;
        var dedupKey = (ns, regarding.Metadata.Uid ?? regarding.Metadata.Name, type, reason, message);
        try
        {
            ObjectKey existing;
            lock (recent)
            {
                recent.TryGetValue(dedupKey, out existing);
            }

            if (existing.Name is not null)
            {
                var ev = await client.GetAsync<Corev1Event>(existing.Namespace, existing.Name, ct).ConfigureAwait(false);
                if (ev is not null)
                {
                    await client.MergePatchAsync<Corev1Event>(existing.Namespace, existing.Name, new { count = (ev.Count ?? 1) + 1, lastTimestamp = now }, ct)
                        .ConfigureAwait(false);
                    return;
                }
            }

            var created = await client.CreateAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { GenerateName = $"{regarding.Metadata.Name}.", NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = regarding.ApiVersion,
                    Kind = regarding.Kind,
                    NamespaceProperty = regarding.Metadata.NamespaceProperty,
                    Name = regarding.Metadata.Name,
                    Uid = regarding.Metadata.Uid,
                    ResourceVersion = regarding.Metadata.ResourceVersion,
                },
                Type = type.ToString(),
                Reason = reason,
                Message = message,
                Source = new V1EventSource { Component = component, Host = instance },
                ReportingComponent = component,
                ReportingInstance = instance,
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
            }, ct).ConfigureAwait(false);
            lock (recent)
            {
                if (recent.Count > 4096)
                {
                    recent.Clear();
                }

                recent[dedupKey] = created.Key();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, reason, regarding.Key().ToString(), e);
        }
    }

    [LoggerMessage(20, LogLevel.Warning, "could not record event {Reason} about {Object}")]
    private static partial void LogFailed(ILogger logger, string reason, string @object, Exception e);
}
