using System.Collections.Concurrent;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Takes analysis rounds off the reconcile workers: an <see cref="IAnalysisRunner"/> whose <see cref="AdvanceAsync"/>
/// never waits for Prometheus. A due round runs in the background on <paramref name="inner"/> (at most
/// <paramref name="maxInFlight"/> at once, each cancelled after <paramref name="timeout"/>); its result lands in an
/// in-memory store keyed by (namespace, ModelDeployment, purpose, version, revision) and <paramref name="completed"/> is called
/// with the target, so the caller can enqueue the ModelDeployment. The next call for that run returns the stored
/// result once (the pass writes it to status). While a round is in flight, a call returns the current status (or, for a
/// new run, a Running run whose <see cref="AnalysisRunStatus.NextMeasurementAt"/> is the round's timeout, the latest
/// moment to look again). The store is memory only: after a restart a run resumes from the status it recorded and the
/// next round is taken afresh.
/// </summary>
/// <param name="inner">The runner that measures (Prometheus).</param>
/// <param name="time">The clock of the pending runs' times.</param>
/// <param name="timeout">The longest a round may take; one cancelled at this is dropped and taken again on the next call.</param>
/// <param name="maxInFlight">The most rounds measured at once (more wait for a slot, still off the reconcile workers).</param>
/// <param name="completed">Called (on a pool thread) when a round's result is stored, or when a round was dropped.</param>
public sealed class MeasurementWorker(IAnalysisRunner inner, TimeProvider time, TimeSpan timeout, int maxInFlight, Action<AnalysisTarget> completed) : IAnalysisRunner, IDisposable
{
    /// <summary>The message of a run whose first round is in flight (no rounds, no checks yet).</summary>
    public const string PendingMessage = "measuring";

    private readonly ConcurrentDictionary<(string Ns, string Name, string Purpose, string Version, string Revision), Entry> store = new();
    private readonly SemaphoreSlim slots = new(maxInFlight, maxInFlight);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Rounds in flight or waiting for a slot (for tests and metrics).</summary>
    public int Pending => store.Values.Count(e => e.Result is null);

    /// <inheritdoc />
    /// <remarks>Returns at once: a stored result, the current status, or a pending run; never throws for Prometheus.</remarks>
    public Task<AnalysisRunStatus> AdvanceAsync(AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current, CancellationToken ct)
    {
        var key = (target.Namespace, target.DeploymentName, target.Purpose, target.Version, target.Revision);
        var now = time.GetUtcNow();
        if (store.TryGetValue(key, out var entry))
        {
            if (entry.Result is null)
            {
                return Task.FromResult(current ?? PendingRun(target, now));
            }

            store.TryRemove(KeyValuePair.Create(key, entry));
            if (entry.InputRounds == (current?.Rounds ?? 0))
            {
                return Task.FromResult(entry.Result);
            }
        }

        if (current is not null && (current.Phase != AnalysisPhase.Running && current.Rounds > 0 || current.Phase == AnalysisPhase.Running && current.NextMeasurementAt > now))
        {
            return Task.FromResult(current); // a verdict stands, or no round is due yet
        }

        var fresh = new Entry(current?.Rounds ?? 0);
        if (store.TryAdd(key, fresh))
        {
            // A pending run written to status is no run for the measuring runner: it starts one.
            var input = current is { Rounds: 0, Checks.Count: 0, Message: PendingMessage } ? null : current;
            _ = Task.Run(() => MeasureAsync(key, fresh, target, spec, input), CancellationToken.None);
        }

        return Task.FromResult(current ?? PendingRun(target, now));
    }

    /// <summary>Drops what the store holds for the ModelDeployment <paramref name="ns"/>/<paramref name="name"/> (deleted).</summary>
    public void Forget(string ns, string name)
    {
        foreach (var key in store.Keys.Where(k => k.Ns == ns && k.Name == name))
        {
            store.TryRemove(key, out _);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
        slots.Dispose();
    }

    private AnalysisRunStatus PendingRun(AnalysisTarget target, DateTimeOffset now) => new()
    {
        Phase = AnalysisPhase.Running,
        Purpose = target.Purpose,
        TargetVersion = target.Version,
        TargetRevision = target.Revision,
        StartedAt = now,
        NextMeasurementAt = now + timeout,
        Message = PendingMessage,
    };

    private async Task MeasureAsync((string, string, string, string, string) key, Entry entry, AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            cts.CancelAfter(timeout);
            await slots.WaitAsync(stopping.Token).ConfigureAwait(false);
            try
            {
                entry.Result = await inner.AdvanceAsync(target, spec, current, cts.Token).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            store.TryRemove(KeyValuePair.Create(key, entry)); // timed out (taken again on the next due call) or shutting down
        }
        catch (Exception)
        {
            store.TryRemove(KeyValuePair.Create(key, entry)); // the runner never throws for Prometheus; anything else is retried
        }

        if (!stopping.IsCancellationRequested)
        {
            completed(target);
        }
    }

    private sealed class Entry(int inputRounds)
    {
        private AnalysisRunStatus? result;

        public int InputRounds { get; } = inputRounds;

        public AnalysisRunStatus? Result
        {
            get => Volatile.Read(ref result);
            set => Volatile.Write(ref result, value);
        }
    }
}
