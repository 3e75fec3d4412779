using System.Globalization;
using k8s.Models;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Traffic;

/// <summary>
/// Replica-ratio routing without a mesh: one Service named after the ModelDeployment. Weight 0 selects only the
/// stable revision, weight 100 only the canary revision (both exact); weights in between select every revision of
/// the ModelDeployment, so the share follows the replica counts (see <see cref="Planning.CanaryScaling"/>). The weight
/// set last is recorded in the annotation <see cref="WeightAnnotation"/> so it can be read back.
/// </summary>
public sealed class ReplicaRatioRouter(IKubeClient client) : ITrafficRouter
{
    /// <summary>Annotation on the Service holding the weight the router set.</summary>
    public const string WeightAnnotation = "ml.rollouts.dev/canary-weight";

    /// <inheritdoc />
    public string Name => Kind;

    /// <summary>The router's <see cref="Name"/>.</summary>
    public const string Kind = "replica-ratio";

    /// <inheritdoc />
    public async Task<WeightWrite> SetWeightAsync(DesiredTraffic traffic, Rollouts.ChildApplier apply, bool force, CancellationToken ct)
    {
        var root = traffic.Rendered as V1Service ?? throw new InvalidOperationException("no root Service was rendered for replica-ratio routing");
        return WeightWrite.Of(await apply.ApplyAsync(root, force, ct).ConfigureAwait(false), svc => ReadWeight(svc, traffic.Target));
    }

    /// <inheritdoc />
    public async Task<int?> GetWeightAsync(TrafficTarget target, CancellationToken ct)
    {
        var svc = await client.GetAsync<V1Service>(target.Owner.Metadata.NamespaceProperty, WorkloadNames.RootService(target.Owner.Metadata.Name!), ct).ConfigureAwait(false);
        return svc is null ? null : ReadWeight(svc, target);
    }

    /// <inheritdoc />
    /// <remarks>The root Service carries the managed-by label, so the Service cache holds it; one without it (not
    /// ours) is not there, and its weight is unknown.</remarks>
    public Task<int?> ObserveWeightAsync(TrafficTarget target, Rollouts.ChildCache cache, CancellationToken ct)
    {
        var svc = cache.Get<V1Service>(target.Owner.Metadata.NamespaceProperty ?? "", WorkloadNames.RootService(target.Owner.Metadata.Name!));
        return Task.FromResult(svc is null ? null : ReadWeight(svc, target));
    }

    /// <summary>The weight the Service implements: from its selector at 0/100, else from the annotation; null when inconsistent.</summary>
    public static int? ReadWeight(V1Service svc, TrafficTarget target)
    {
        var selector = svc.Spec?.Selector ?? new Dictionary<string, string>();
        selector.TryGetValue(ModelDeploymentAnnotations.RevisionLabel, out var rev);
        var annotated = svc.Metadata.Annotations.ValueOrDefault(WeightAnnotation) is { } a &&
                        int.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) ? w : (int?)null;
        if (rev is null)
        {
            return annotated is > 0 and < 100 ? annotated : null;
        }

        if (rev == target.StableRevision && annotated is 0 or null)
        {
            return 0;
        }

        return rev == target.CanaryRevision && annotated == 100 ? 100 : null;
    }

    /// <summary>The Service for <paramref name="canaryWeight"/> (pure).</summary>
    public static V1Service Render(TrafficTarget target, int canaryWeight)
    {
        string? revision = canaryWeight switch
        {
            <= 0 => target.StableRevision,
            >= 100 => target.CanaryRevision,
            _ => null,
        };
        var svc = ServiceRenderer.Render(target.Owner, WorkloadNames.RootService(target.Owner.Metadata.Name!), "root", revision);
        svc.Metadata.Annotations = new Dictionary<string, string> { [WeightAnnotation] = Math.Clamp(canaryWeight, 0, 100).ToString(CultureInfo.InvariantCulture) };
        return svc;
    }
}
