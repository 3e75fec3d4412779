using System.Collections.Concurrent;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Traffic;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// Writes the API server refuses (a Deployment, Service or route: 400, 403, 404 for a missing CRD or route, 422) as the
/// values a pass reports: the condition <c>ReconcileError</c> (True, reason <see cref="ApplyFailed"/> or
/// <see cref="ModelDeploymentReconciler.TrafficRoutingFailed"/>, the server's message; False with reason
/// <see cref="Reconciled"/> once a pass applies everything), one Warning Event per new failure (not repeated while the
/// same failure stands), and a retry per ModelDeployment after 30 s, doubling to at most 5 min (not the work queue's
/// 1,000 s ceiling). Thread-safe.
/// </summary>
public sealed class ApplyFailures
{
    /// <summary>Condition reason and Event reason of a refused Deployment or Service.</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>Condition reason once every write of a pass succeeded again.</summary>
    public const string Reconciled = "Reconciled";

    /// <summary>The first retry interval.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    /// <summary>The longest retry interval.</summary>
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<ObjectKey, int> failures = new();

    /// <summary>True for a refusal a retry with the same input will not cure at once (reported, retried at the bounded interval).</summary>
    public static bool IsRefusal(Exception e) =>
        e is TrafficRoutingException or KubeApiException { Reason: StatusReason.Invalid or StatusReason.Forbidden or StatusReason.BadRequest or StatusReason.NotFound };

    /// <summary>The message of a refusal: the request and the server's message.</summary>
    public static string Describe(Exception e) => e is KubeApiException k
        ? $"{k.Verb} {k.Path} refused ({k.Code} {k.Reason}): {k.Status.Message ?? k.Message}"
        : e.Message;

    /// <summary>
    /// <paramref name="status"/> with the failure (or its end) reported; <paramref name="warning"/> is the Event to
    /// record, null when <paramref name="before"/> already reported the same failure. <paramref name="retry"/> is when to
    /// try again (null: no failure).
    /// </summary>
    public ModelDeploymentStatus Report(ObjectKey key, ModelDeploymentStatus before, ModelDeploymentStatus status, PassFailure? failure, DateTimeOffset now, long generation, out RolloutEvent? warning, out TimeSpan? retry)
    {
        var previous = Conditions.Find(before.Conditions, ConditionTypes.ReconcileError);
        if (failure is not { } f)
        {
            failures.TryRemove(key, out _);
            warning = null;
            retry = null;
            return previous?.Status == ConditionStatus.True
                ? status with { Conditions = Conditions.Set(status.Conditions, ConditionTypes.ReconcileError, false, Reconciled, null, now, generation) }
                : status;
        }

        var n = failures.AddOrUpdate(key, 1, (_, c) => Math.Min(c + 1, 16));
        var delay = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(n - 1, 10)));
        retry = delay;
        var same = previous is { Status: ConditionStatus.True } && previous.Reason == f.Reason && previous.Message == f.Message;
        warning = same ? null : new RolloutEvent(true, f.Reason, f.Message);
        return status with
        {
            Message = f.Message,
            Conditions = Conditions.Set(status.Conditions, ConditionTypes.ReconcileError, true, f.Reason, f.Message, now, generation),
        };
    }

    /// <summary>Forgets the retry count of a deleted ModelDeployment.</summary>
    public void Forget(ObjectKey key) => failures.TryRemove(key, out _);
}
