namespace Rollouts.Kube;

/// <summary>
/// Drives one object toward its desired state. Level-based: it receives only the key and re-reads state (from the
/// informer caches). Returning normally forgets the key's backoff; <see cref="ReconcileResult.RequeueAfter"/> schedules
/// another pass; any exception requeues with per-key exponential backoff, except
/// <see cref="TerminalReconcileException"/>, which is logged and not retried. The token is cancelled on shutdown or
/// when leadership is lost.
/// </summary>
public interface IReconciler
{
    /// <summary>Reconciles the object named by <paramref name="key"/> (which may no longer exist).</summary>
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct);
}
