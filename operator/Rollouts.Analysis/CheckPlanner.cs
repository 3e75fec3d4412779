using Rollouts.Analysis.Queries;
using Rollouts.Api;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>Turns a (valid) spec and a target into the checks of a round, in status order. Pure.</summary>
public static class CheckPlanner
{
    /// <summary>The check name of the sample-size gate.</summary>
    public const string SamplesCheck = "samples";

    /// <summary>The check name of the error-rate check.</summary>
    public const string ErrorRateCheck = "errorRate";

    /// <summary>The check name of the latency check.</summary>
    public const string LatencyCheck = "latency";

    /// <summary>The check name of the drift check.</summary>
    public const string DriftCheck = "drift";

    /// <summary>The check name of the shadow agreement check.</summary>
    public const string AgreementCheck = "agreement";

    /// <summary>The check name of the accuracy check.</summary>
    public const string AccuracyCheck = "accuracy";

    /// <summary>
    /// The checks: samples (when minSamples &gt; 0), errorRate, latency, drift, agreement, accuracy (when set), then custom metrics.
    /// Agreement is planned only while the target is shadowing and accuracy only while it is not
    /// (<see cref="AnalysisTarget.Shadowing"/>): one spec.analysis serves every analysis step, and a check that cannot
    /// have data at a step is left out there rather than turning the run Inconclusive. The operator's spec validation
    /// refuses an analysis step at which no judging check applies, so leaving one out never leaves a run judged by the
    /// sample gate alone.
    /// </summary>
    /// <exception cref="FormatException">The window is not a duration (validate the spec first).</exception>
    public static IReadOnlyList<PlannedCheck> Plan(AnalysisSpec spec, AnalysisTarget target)
    {
        var window = Api.Duration.Format(Api.Duration.Parse(spec.Window));
        var series = target.Series;
        var stable = spec.CompareToStable ? target.StableSeries : null;
        var tolerance = spec.StableTolerance ?? new StableTolerance();
        var checks = new List<PlannedCheck>();
        if (spec.MinSamples > 0)
        {
            checks.Add(new(SamplesCheck, CheckKind.Samples, BuiltInQueries.Samples(series, window), spec.MinSamples, null));
        }

        if (spec.ErrorRate is { } errorRate)
        {
            checks.Add(new(ErrorRateCheck, CheckKind.ErrorRate, BuiltInQueries.ErrorRate(series, window), null, errorRate.Max,
                stable is null ? null : BuiltInQueries.ErrorRate(stable, window), tolerance.ErrorRate));
        }

        if (spec.Latency is { } latency)
        {
            checks.Add(new(LatencyCheck, CheckKind.Latency, BuiltInQueries.Latency(series, window, latency.Quantile), null, latency.MaxMilliseconds,
                stable is null ? null : BuiltInQueries.Latency(stable, window, latency.Quantile), tolerance.LatencyMilliseconds));
        }

        if (spec.Drift is { } drift)
        {
            checks.Add(new(DriftCheck, CheckKind.Drift, BuiltInQueries.Drift(series), null, drift.MaxPsi));
        }

        if (spec.Agreement is { } agreement && target.Shadowing)
        {
            checks.Add(Agreement(agreement, target, window));
        }

        if (spec.Accuracy is { } accuracy && !target.Shadowing)
        {
            checks.Add(Accuracy(accuracy, target, accuracy.Window is { } w ? Api.Duration.Format(Api.Duration.Parse(w)) : window));
        }

        var values = new TemplateValues(target.Namespace, target.DeploymentName, target.ModelName, target.Version, target.StableVersion ?? "", window,
            target.Revision, target.StableRevision ?? "");
        foreach (var metric in spec.Metrics ?? [])
        {
            checks.Add(new(metric.Name, CheckKind.Custom, QueryTemplate.Render(metric.Query, values), metric.Min, metric.Max));
        }

        return checks;
    }

    private static PlannedCheck Agreement(AgreementCheck agreement, AnalysisTarget target, string window)
    {
        if (target.Shadow is not { } shadow)
        {
            return new(AgreementCheck, CheckKind.Agreement, "", agreement.Min, null,
                NotMeasurable: $"agreement: no stable revision shadows {target.Revision}, so there are no comparisons");
        }

        return new(AgreementCheck, CheckKind.Agreement, BuiltInQueries.Agreement(shadow, window), agreement.Min, null,
            Counted: new CountedShare(BuiltInQueries.Comparisons(shadow, window), agreement.MinComparisons, "comparisons", "minComparisons"));
    }

    private static PlannedCheck Accuracy(AccuracyCheck accuracy, AnalysisTarget target, string window)
    {
        var labels = new CountedShare(BuiltInQueries.Labels(target.Feedback, window), accuracy.MinLabels, "labels", "minLabels");
        if (!accuracy.CompareToStable)
        {
            return new(AccuracyCheck, CheckKind.Accuracy, BuiltInQueries.Accuracy(target.Feedback, window), accuracy.Min, null, Counted: labels);
        }

        if (target.StableFeedback is not { } stable)
        {
            return new(AccuracyCheck, CheckKind.Accuracy, BuiltInQueries.Accuracy(target.Feedback, window), null, null, Counted: labels,
                NotMeasurable: $"accuracy: compareToStable needs a stable revision to compare {target.Revision} with");
        }

        return new(AccuracyCheck, CheckKind.Accuracy, BuiltInQueries.Accuracy(target.Feedback, window), null, null,
            StableQuery: BuiltInQueries.Accuracy(stable, window),
            Counted: labels with { StableCountQuery = BuiltInQueries.Labels(stable, window), Confidence = accuracy.Confidence });
    }
}
