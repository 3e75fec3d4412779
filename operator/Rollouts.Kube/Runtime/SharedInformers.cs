using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// One informer per (type, namespace, label selector), shared by controllers and reconcilers (client-go's
/// SharedInformerFactory), each on a <see cref="ListWatch{T}"/> of the client. Informers created before
/// <see cref="RunAsync"/> start with it; later ones start at once.
/// </summary>
public sealed class SharedInformers
{
    private readonly Dictionary<(Type, string?, string?), IInformer> informers = [];
    private readonly IKubeClient client;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly InformerOptions options;
    private readonly List<Task> running = [];
    private CancellationToken runToken;
    private bool started;

    /// <summary>Creates the factory.</summary>
    /// <param name="client">The client the informers list and watch through.</param>
    /// <param name="time">Clock of the informers' backoff; null for the system clock.</param>
    /// <param name="loggers">Logger factory; null for none.</param>
    /// <param name="options">How every informer lists (the page size of its initial list and relists); null for the defaults.</param>
    public SharedInformers(IKubeClient client, TimeProvider? time = null, ILoggerFactory? loggers = null, InformerOptions? options = null)
    {
        this.client = client;
        this.options = options ?? new InformerOptions();
        this.time = time ?? TimeProvider.System;
        this.loggers = loggers ?? NullLoggerFactory.Instance;
    }

    /// <summary>The client the informers use.</summary>
    public IKubeClient Client => client;

    /// <summary>True when every informer has loaded its first list.</summary>
    public bool HasSynced
    {
        get
        {
            lock (informers)
            {
                return informers.Values.All(i => i.HasSynced);
            }
        }
    }

    /// <summary>The informer of <typeparamref name="T"/> for <paramref name="ns"/> (null = all namespaces) and
    /// <paramref name="labelSelector"/>, created on first use.</summary>
    public Informer<T> Get<T>(string? ns = null, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (informers)
        {
            var key = (typeof(T), ns, labelSelector);
            if (informers.TryGetValue(key, out var existing))
            {
                return (Informer<T>)existing;
            }

            var informer = new Informer<T>(
                new ListWatch<T>(client, ns, labelSelector),
                options,
                time,
                loggers.CreateLogger($"Rollouts.Kube.Informer.{KubeResource.Of<T>().Kind}"));
            informers[key] = informer;
            if (started)
            {
                running.Add(Task.Run(() => informer.RunAsync(runToken), CancellationToken.None));
            }

            return informer;
        }
    }

    /// <summary>Runs every informer until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        lock (informers)
        {
            started = true;
            runToken = ct;
            foreach (var i in informers.Values)
            {
                running.Add(Task.Run(() => i.RunAsync(ct), CancellationToken.None));
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Task[] all;
        lock (informers)
        {
            all = [.. running];
        }

        await Task.WhenAll(all).ConfigureAwait(false);
    }

    /// <summary>Completes when every informer created so far has loaded its first list.</summary>
    public Task WaitForSyncAsync(CancellationToken ct)
    {
        Task[] all;
        lock (informers)
        {
            all = [.. informers.Values.Select(i => i.WaitForSyncAsync(ct))];
        }

        return Task.WhenAll(all);
    }
}
