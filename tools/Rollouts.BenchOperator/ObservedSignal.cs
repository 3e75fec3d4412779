namespace Rollouts.BenchOperator;

/// <summary>
/// How many ModelDeployments an operator process has observed, read from its own /metrics. The signal is
/// <c>rollouts_phase{namespace,name,phase}</c>: the reconciler sets it (1 for the current phase) at the end of every
/// successful pass over an object, so the number of distinct (namespace, name) with a series at 1 is the number of
/// objects this process has reconciled since it started; a fresh process starts with none. If an operator build does
/// not expose that gauge, the fallback is the sum of <c>controller_runtime_reconcile_total</c>, which only bounds it
/// from above (an object reconciled twice counts twice).
/// </summary>
public static class ObservedSignal
{
    /// <summary>Name of the primary signal.</summary>
    public const string PhaseGauge = "rollouts_phase";

    /// <summary>Name of the fallback signal.</summary>
    public const string ReconcileCounter = "controller_runtime_reconcile_total";

    /// <summary>The count and the signal it came from, or (0, "none") when the page has neither.</summary>
    public static (long Observed, string Signal) Read(string metricsPage)
    {
        var phases = PrometheusText.Samples(metricsPage, PhaseGauge);
        if (phases.Count > 0)
        {
            var objects = phases.Where(s => s.Value == 1)
                .Select(s => (s.Labels.GetValueOrDefault("namespace"), s.Labels.GetValueOrDefault("name")))
                .Distinct()
                .Count();
            return (objects, PhaseGauge);
        }

        var reconciles = PrometheusText.Samples(metricsPage, ReconcileCounter);
        return reconciles.Count > 0 ? ((long)reconciles.Sum(s => s.Value), ReconcileCounter) : (0, "none");
    }
}
