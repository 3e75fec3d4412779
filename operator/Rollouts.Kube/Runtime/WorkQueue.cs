namespace Rollouts.Kube;

/// <summary>
/// A work queue of object keys with client-go semantics: a key is queued at most once (dirty set); a key being
/// processed is never handed to a second worker — re-added meanwhile, it is queued again when the worker calls
/// <see cref="Done"/>; delayed adds (<see cref="AddAfter"/>) and rate-limited retries (<see cref="AddRateLimited"/>:
/// the larger of a per-key exponential backoff and an overall token bucket) run on timers of the injected
/// <see cref="TimeProvider"/>, so tests advance a manual clock instead of sleeping. Thread-safe.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly object gate = new();
    private readonly Queue<ObjectKey> queue = new();
    private readonly HashSet<ObjectKey> dirty = [];
    private readonly HashSet<ObjectKey> processing = [];
    private readonly Dictionary<ObjectKey, long> enqueuedAt = [];
    private readonly Dictionary<ObjectKey, long> startedAt = [];
    private readonly Dictionary<ObjectKey, (DateTimeOffset ReadyAt, ITimer Timer)> waiting = [];
    private readonly Dictionary<ObjectKey, int> failures = [];
    private readonly LinkedList<TaskCompletionSource<(ObjectKey, bool)>> getters = new();
    private readonly TimeProvider time;
    private readonly WorkQueueOptions options;
    private readonly IRuntimeMetrics metrics;
    private readonly TokenBucket bucket;
    private bool shuttingDown;

    /// <summary>Creates a queue.</summary>
    /// <param name="name">Name used in metrics (the controller name).</param>
    /// <param name="time">Clock for delays and latencies.</param>
    /// <param name="options">Rate-limit settings; null for client-go's defaults.</param>
    /// <param name="metrics">Metrics sink; null for none.</param>
    public WorkQueue(string name, TimeProvider time, WorkQueueOptions? options = null, IRuntimeMetrics? metrics = null)
    {
        Name = name;
        this.time = time;
        this.options = options ?? new WorkQueueOptions();
        this.metrics = metrics ?? NullRuntimeMetrics.Instance;
        bucket = new TokenBucket(this.options.Qps, this.options.Burst, time);
    }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>Keys ready to be handed out (not counting delayed or in-process ones).</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delayed add.</summary>
    public int DelayedCount
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>True after <see cref="ShutDown"/>.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already queued; ignored after shutdown.</summary>
    public void Add(ObjectKey key)
    {
        TaskCompletionSource<(ObjectKey, bool)>? wake = null;
        lock (gate)
        {
            if (shuttingDown || !dirty.Add(key))
            {
                return;
            }

            metrics.QueueAdd(Name);
            enqueuedAt.TryAdd(key, time.GetTimestamp());
            if (processing.Contains(key))
            {
                return; // queued again by Done
            }

            wake = EnqueueLocked(key);
        }

        wake?.TrySetResult((key, false));
    }

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/> (at once when not positive). When the key
    /// is already waiting, the earlier ready time wins.</summary>
    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var readyAt = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(key, out var existing))
            {
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = time.CreateTimer(_ => Fire(key), null, delay, Timeout.InfiniteTimeSpan);
            waiting[key] = (readyAt, timer);
        }
    }

    /// <summary>Queues <paramref name="key"/> after its rate-limited delay (a retry); the per-key failure count grows.</summary>
    public void AddRateLimited(ObjectKey key)
    {
        TimeSpan delay;
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            delay = WhenLocked(key);
        }

        metrics.QueueRetry(Name);
        AddAfter(key, delay);
    }

    /// <summary>The delay the next <see cref="AddRateLimited"/> of <paramref name="key"/> would use, without taking it.</summary>
    public TimeSpan PeekBackoff(ObjectKey key)
    {
        lock (gate)
        {
            return ItemDelay(failures.GetValueOrDefault(key));
        }
    }

    /// <summary>Resets the per-key backoff of <paramref name="key"/> (call after a successful reconcile).</summary>
    public void Forget(ObjectKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many rate-limited retries <paramref name="key"/> has had since the last <see cref="Forget"/>.</summary>
    public int NumRequeues(ObjectKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for the next key and marks it as processing; the caller must call <see cref="Done"/> with it.
    /// Returns <c>Shutdown = true</c> once the queue is shut down and drained.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async ValueTask<(ObjectKey Key, bool Shutdown)> GetAsync(CancellationToken ct)
    {
        TaskCompletionSource<(ObjectKey, bool)> tcs;
        LinkedListNode<TaskCompletionSource<(ObjectKey, bool)>> node;
        lock (gate)
        {
            if (queue.Count > 0)
            {
                return (TakeLocked(), false);
            }

            if (shuttingDown)
            {
                return (default, true);
            }

            tcs = new TaskCompletionSource<(ObjectKey, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = getters.AddLast(tcs);
        }

        await using (ct.Register(() =>
        {
            bool removed;
            lock (gate)
            {
                removed = node.List is not null;
                if (removed)
                {
                    getters.Remove(node);
                }
            }

            if (removed)
            {
                tcs.TrySetCanceled(ct);
            }
        }))
        {
            return await tcs.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Marks <paramref name="key"/> as no longer processing; if it was re-added meanwhile it is queued again.</summary>
    public void Done(ObjectKey key)
    {
        TaskCompletionSource<(ObjectKey, bool)>? wake = null;
        lock (gate)
        {
            if (!processing.Remove(key))
            {
                return;
            }

            if (startedAt.Remove(key, out var started))
            {
                metrics.WorkDuration(Name, time.GetElapsedTime(started).TotalSeconds);
            }

            if (dirty.Contains(key))
            {
                wake = EnqueueLocked(key);
            }
        }

        wake?.TrySetResult((key, false));
    }

    /// <summary>Stops accepting keys; waiting getters get <c>Shutdown = true</c> once the queue is drained.</summary>
    public void ShutDown()
    {
        List<TaskCompletionSource<(ObjectKey, bool)>> wake;
        lock (gate)
        {
            shuttingDown = true;
            foreach (var (_, w) in waiting)
            {
                w.Timer.Dispose();
            }

            waiting.Clear();
            wake = [.. getters];
            getters.Clear();
        }

        foreach (var g in wake)
        {
            g.TrySetResult((default, true));
        }
    }

    /// <inheritdoc />
    public void Dispose() => ShutDown();

    private void Fire(ObjectKey key)
    {
        lock (gate)
        {
            if (!waiting.Remove(key, out var w))
            {
                return;
            }

            w.Timer.Dispose();
        }

        Add(key);
    }

    // Hands the key to a waiting getter if there is one (returned, to complete outside the lock), else queues it.
    private TaskCompletionSource<(ObjectKey, bool)>? EnqueueLocked(ObjectKey key)
    {
        if (getters.First is { } first)
        {
            getters.RemoveFirst();
            StartLocked(key);
            return first.Value;
        }

        queue.Enqueue(key);
        metrics.QueueDepth(Name, queue.Count);
        return null;
    }

    private ObjectKey TakeLocked()
    {
        var key = queue.Dequeue();
        metrics.QueueDepth(Name, queue.Count);
        StartLocked(key);
        return key;
    }

    private void StartLocked(ObjectKey key)
    {
        processing.Add(key);
        dirty.Remove(key);
        if (enqueuedAt.Remove(key, out var added))
        {
            metrics.QueueLatency(Name, time.GetElapsedTime(added).TotalSeconds);
        }

        startedAt[key] = time.GetTimestamp();
    }

    private TimeSpan WhenLocked(ObjectKey key)
    {
        var n = failures.GetValueOrDefault(key);
        failures[key] = n + 1;
        var itemDelay = ItemDelay(n);

        var bucketDelay = bucket.Reserve();
        return itemDelay > bucketDelay ? itemDelay : bucketDelay;
    }

    private TimeSpan ItemDelay(int failureCount)
    {
        var seconds = options.BaseDelay.TotalSeconds * Math.Pow(2, Math.Min(failureCount, 62));
        return seconds >= options.MaxDelay.TotalSeconds ? options.MaxDelay : TimeSpan.FromSeconds(seconds);
    }
}
