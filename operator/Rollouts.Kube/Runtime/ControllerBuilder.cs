using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Rollouts.Kube;

/// <summary>
/// Builds a <see cref="Controller"/>: the primary type (its own events enqueue its key), owned types (events on an
/// object whose controller ownerReference names the primary's group and kind enqueue the owner's key), and any
/// other watched type with a key-mapping function. Informers come from <see cref="SharedInformers"/>, so the
/// reconciler reads the same caches.
/// </summary>
/// <example><code>
/// var controller = new ControllerBuilder("modeldeployment", informers)
///     .For&lt;ModelDeployment&gt;()
///     .Owns&lt;V1Deployment&gt;()
///     .Owns&lt;V1Service&gt;()
///     .WithReconciler(reconciler)
///     .Build();
/// </code></example>
public sealed class ControllerBuilder
{
    private readonly List<Action<WorkQueue>> wirings = [];
    private readonly string name;
    private readonly SharedInformers informers;
    private KubeResource? primary;
    private IReconciler? reconciler;
    private int workers = 2;
    private TimeProvider time = TimeProvider.System;
    private IRuntimeMetrics metrics = NullRuntimeMetrics.Instance;
    private WorkQueueOptions? queueOptions;
    private ILogger? logger;

    /// <summary>Starts a builder.</summary>
    /// <param name="name">Controller name (metrics label, logs).</param>
    /// <param name="informers">The shared informers to watch through.</param>
    public ControllerBuilder(string name, SharedInformers informers)
    {
        this.name = name;
        this.informers = informers;
    }

    /// <summary>The primary type: its adds, updates and deletes enqueue its own key.</summary>
    /// <param name="ns">Namespace to watch; null = all.</param>
    public ControllerBuilder For<T>(string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        primary = KubeResource.Of<T>();
        var informer = informers.Get<T>(ns);
        wirings.Add(q => informer.AddHandler((_, o) => q.Add(o.Key())));
        return this;
    }

    /// <summary>An owned type: events enqueue the key of the object's controller owner when the owner is of the primary type.</summary>
    /// <param name="ns">Namespace to watch; null = all.</param>
    /// <param name="labelSelector">Optional selector restricting the cached objects (e.g. <c>app.kubernetes.io/managed-by=model-rollouts</c>).</param>
    public ControllerBuilder Owns<T>(string? ns = null, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = informers.Get<T>(ns, labelSelector);
        wirings.Add(q => informer.AddHandler((_, o) =>
        {
            if (primary is { } p && OwnerKey(o, p) is { } key)
            {
                q.Add(key);
            }
        }));
        return this;
    }

    /// <summary>Another watched type whose events map to primary keys through <paramref name="map"/>.</summary>
    public ControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map, string? ns = null, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = informers.Get<T>(ns, labelSelector);
        wirings.Add(q => informer.AddHandler((_, o) =>
        {
            foreach (var key in map(o))
            {
                q.Add(key);
            }
        }));
        return this;
    }

    /// <summary>The reconciler (required).</summary>
    public ControllerBuilder WithReconciler(IReconciler value)
    {
        reconciler = value;
        return this;
    }

    /// <summary>Concurrent workers (default 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one.</exception>
    public ControllerBuilder WithWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        workers = count;
        return this;
    }

    /// <summary>The clock for the queue's delays (default the system clock).</summary>
    public ControllerBuilder WithTimeProvider(TimeProvider value)
    {
        time = value;
        return this;
    }

    /// <summary>The metrics sink.</summary>
    public ControllerBuilder WithMetrics(IRuntimeMetrics value)
    {
        metrics = value;
        return this;
    }

    /// <summary>Rate-limit settings of the queue (default client-go's).</summary>
    public ControllerBuilder WithQueueOptions(WorkQueueOptions value)
    {
        queueOptions = value;
        return this;
    }

    /// <summary>The logger.</summary>
    public ControllerBuilder WithLogger(ILogger value)
    {
        logger = value;
        return this;
    }

    /// <summary>Builds the controller and registers its informer handlers.</summary>
    /// <exception cref="InvalidOperationException">No primary type or no reconciler.</exception>
    public Controller Build()
    {
        if (primary is null)
        {
            throw new InvalidOperationException($"controller {name}: call For<T>() to name the primary type");
        }

        if (reconciler is null)
        {
            throw new InvalidOperationException($"controller {name}: call WithReconciler()");
        }

        var queue = new WorkQueue(name, time, queueOptions, metrics);
        foreach (var wire in wirings)
        {
            wire(queue);
        }

        return new Controller(name, queue, reconciler, workers, time, metrics, logger);
    }

    /// <summary>The key of <paramref name="obj"/>'s controller owner when that owner is of type <paramref name="owner"/>
    /// (same group and kind); null otherwise. The owner is namespaced in the object's namespace (a namespaced object
    /// can only be owned by an object of its own namespace, or by a cluster-scoped one, which this does not address).</summary>
    public static ObjectKey? OwnerKey(IKubernetesObject<V1ObjectMeta> obj, KubeResource owner)
    {
        foreach (var r in obj.Metadata?.OwnerReferences ?? [])
        {
            if (r.Controller != true || r.Kind != owner.Kind)
            {
                continue;
            }

            var slash = r.ApiVersion.IndexOf('/', StringComparison.Ordinal);
            var group = slash < 0 ? "" : r.ApiVersion[..slash];
            if (group == owner.Group)
            {
                return new ObjectKey(obj.Metadata!.NamespaceProperty, r.Name);
            }
        }

        return null;
    }
}
