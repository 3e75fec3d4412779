namespace Rollouts.Kube;

/// <summary>What a reconcile asks of the work queue when it returns normally.</summary>
public sealed record ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter) => Delay = requeueAfter;

    /// <summary>Nothing more to do until the object (or an owned object) changes.</summary>
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>Reconcile the key again after <paramref name="delay"/> (e.g. the next analysis measurement).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative delay.</exception>
    public static ReconcileResult RequeueAfter(TimeSpan delay) =>
        delay < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(delay), delay, "requeue delay must not be negative") : new(delay);

    /// <summary>The requeue delay, or null for <see cref="Done"/>.</summary>
    public TimeSpan? Delay { get; }
}
