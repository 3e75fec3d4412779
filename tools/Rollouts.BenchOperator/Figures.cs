using System.Globalization;

namespace Rollouts.BenchOperator;

/// <summary>One row of the results table: what it is, the goal of issue 11, Argo Rollouts' figure, and how to read it from a run.</summary>
/// <param name="Name">What is measured (with its unit).</param>
/// <param name="Goal">Issue 11's goal for it, or "".</param>
/// <param name="Argo">Argo Rollouts' reported figure, or "".</param>
/// <param name="Value">The run's value as text ("–": not measured).</param>
public sealed record Figure(string Name, string Goal, string Argo, Func<BenchResult, string> Value);

/// <summary>The rows of the results table, in order (shared by the console table and docs/benchmarks/operator.md).</summary>
public static class Figures
{
    /// <summary>Argo Rollouts' memory at scale, as reported by its users.</summary>
    public const string ArgoMemory = "11–14 GB at 11–13k Rollouts (argoproj/argo-rollouts#2855); unbounded growth (#4571)";

    /// <summary>Every row.</summary>
    public static readonly IReadOnlyList<Figure> All =
    [
        new("objects created by the benchmark (s, 32 parallel creates)", "", "", r => F(r.CreateSeconds, 1)),
        new("cold start: all observed (s; observedGeneration == generation)", "≤ 120 at 1,000", "", r => F(r.Cold?.AllObservedSeconds, 1)),
        new("cold start: half observed (s)", "", "", r => F(r.Cold?.HalfObservedSeconds, 1)),
        new("cold start: informer caches synced, /readyz (s)", "", "", r => F(r.Cold?.ReadySeconds, 1)),
        new("cold start: operator requests (writes)", "", "", r => r.Cold is { } c ? $"{c.OperatorRequests.Total:N0} ({c.OperatorRequests.Writes:N0})" : "–"),
        new("peak RSS, VmHWM (MiB)", "≤ 150 at 1,000; ≤ 1,024 at 10,000", ArgoMemory, r => Mib(r.AtRest?.PeakRssBytes ?? r.Cold?.PeakRssBytes)),
        new("RSS at rest, end of window (MiB)", "≤ 150 at 1,000; ≤ 1,024 at 10,000", "", r => Mib(r.AtRest?.RssEndBytes)),
        new("RSS at rest, mean of 1 s samples (MiB)", "", "", r => Mib(r.AtRest?.RssMeanBytes)),
        new("CPU at rest, operator (% of one core)", "", "", r => Cpu(r.AtRest, "operator")),
        new("API writes/min at rest, operator (audit log)", "0", "", r => F(r.AtRest?.OperatorRequests.WritesPerMinute, 0)),
        new("API requests/min at rest, operator (audit log)", "", "", r => F(r.AtRest?.OperatorRequests.RequestsPerMinute, 0)),
        new("API writes/min at rest, all clients (apiserver_request_total)", "", "", r => F(r.AtRest?.AllRequests.WritesPerMinute, 0)),
        new("reconciles/min at rest (operator's controller_runtime_reconcile_total)", "", "", r => F(r.AtRest?.ReconcilesPerMinute, 0)),
        new("work queue depth at the end of the window (workqueue_depth)", "", "", r => F(r.AtRest?.QueueDepthEnd, 0)),
        new("CPU at rest, kube-apiserver (%)", "", "", r => Cpu(r.AtRest, "kube-apiserver")),
        new("CPU at rest, etcd (%)", "", "", r => Cpu(r.AtRest, "etcd")),
        new("CPU at rest, kube-controller-manager (%)", "", "", r => Cpu(r.AtRest, "kube-controller-manager")),
        new("restart: informer caches synced, /readyz (s)", "", "", r => F(r.Restarted?.ReadySeconds, 1)),
        new("restart: all observed (s; operator's rollouts_phase)", "≤ 30 at 1,000", "", r => F(r.Restarted?.AllObservedSeconds, 1)),
        new("restart: operator writes until all observed", "0", "", r => r.Restarted is { } x ? x.OperatorRequests.Writes.ToString("N0", CultureInfo.InvariantCulture) : "–"),
        new("mass edit: all report the new revision (s)", "", "", r => F(r.Edit?.AllObservedSeconds, 1)),
        new("mass edit: new revision as canary / as replaced first revision", "", "", r => r.Edit is { } e ? $"{e.AsCanary:N0} / {e.AsStable:N0}" : "–"),
        new("mass edit: operator writes", "", "", r => r.Edit is { } e ? e.OperatorRequests.Writes.ToString("N0", CultureInfo.InvariantCulture) : "–"),
        new("mass rollout: all Healthy once pods are Ready (s from the node agent's start)", "", "", r => F(r.Rollout?.ReadySeconds, 1)),
        new("mass rollout with Ready pods: slowest to complete (s; setWeight 50, pause 30s, promote)", "all complete", "", r => F(r.Rollout?.AllPromotedSeconds, 1)),
        new("mass rollout: median to complete (s)", "", "", r => F(r.Rollout?.MedianPromotedSeconds, 1)),
        new("mass rollout: promoted / N", "N", "", r => r.Rollout is { } m ? $"{m.Promoted:N0} / {r.Count:N0}" : "–"),
        new("mass rollout: operator writes", "", "", r => r.Rollout?.OperatorRequests is { } m ? m.Writes.ToString("N0", CultureInfo.InvariantCulture) : "–"),
    ];

    /// <summary>A number with <paramref name="decimals"/> decimals and thousands separators, or "–".</summary>
    public static string F(double? v, int decimals) => v is { } x ? x.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    /// <summary>Bytes as MiB (no decimals), or "–".</summary>
    public static string Mib(long? bytes) => F(bytes / 1048576.0, 0);

    private static string Cpu(BenchResult.Rest? rest, string process) => F(rest?.Cpu.GetValueOrDefault(process), 1);
}
