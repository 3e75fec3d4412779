using k8s.Models;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Strategy;
using Rollouts.Kube;

namespace Rollouts.Kubectl.Dashboard;

/// <summary>Pure mapping of ModelDeployments (and their Events) to the dashboard's views.</summary>
internal static class ViewMapper
{
    /// <summary>Most recent Events in a detail view.</summary>
    public const int RecentEvents = 20;

    /// <summary>The list row of <paramref name="md"/>.</summary>
    public static RowView Row(ModelDeployment md)
    {
        var s = md.Status;
        var steps = Steps(md);
        var blueGreen = md.Spec?.Strategy.BlueGreen is not null;
        int? step = s?.CurrentStepIndex is { } i && steps.Count > 0 ? Math.Min(StepPosition(md, i), steps.Count) : null;
        var checks = s?.Analysis?.Checks
            .Where(c => c.Measurements.Count > 0)
            .Select(c => new LastMeasurementView(c.Name, c.Measurements[^1].Value, c.Measurements[^1].Verdict.ToString(), Threshold(md.Spec?.Analysis, c.Name)))
            .ToList() ?? [];
        return new RowView(
            md.Metadata.NamespaceProperty ?? "", md.Metadata.Name ?? "", md.Spec?.Model.Name, s?.Phase?.ToString(), s?.Message,
            step, steps.Count, s?.CanaryWeight, s?.StableVersion, s?.CanaryVersion, blueGreen ? "blue-green" : "canary",
            Utc(md.Metadata.CreationTimestamp), md.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action), checks);
    }

    /// <summary>The detail view of <paramref name="md"/> with its <paramref name="events"/> (any order).</summary>
    public static DetailView Detail(ModelDeployment md, IEnumerable<Corev1Event> events)
    {
        var s = md.Status;
        var analysis = s?.Analysis is { } a
            ? new AnalysisView(
                a.Phase.ToString(), a.Purpose, a.TargetVersion, a.Message, a.Rounds, a.SuccessfulRounds, a.FailedRounds, a.InconclusiveRounds,
                a.NextMeasurementAt,
                [.. a.Checks.Select(c => new CheckView(
                    c.Name, c.Successes, c.Failures, c.Inconclusives, c.ConsecutiveErrors, Threshold(md.Spec?.Analysis, c.Name),
                    [.. c.Measurements.Select(m => new MeasurementView(m.Time, m.Value, m.Verdict.ToString(), m.Message))]))])
            : null;
        return new DetailView(
            Row(md), s?.StableRevision, s?.CanaryRevision, md.Metadata.Generation, s?.ObservedGeneration, Steps(md), analysis,
            [.. (s?.Conditions ?? []).Select(c => new ConditionView(c.Type, c.Status, c.Reason, c.Message, Utc(c.LastTransitionTime)))],
            [.. (s?.History ?? []).Select(h => new HistoryView(h.Time, h.Version, h.Revision, h.Result, h.Message))],
            [.. events
                .Select(e => (Event: e, Time: Utc(e.LastTimestamp ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp)))
                .OrderBy(e => e.Time)
                .TakeLast(RecentEvents)
                .Select(e => new EventView(e.Time, e.Event.Type, e.Event.Reason, e.Event.Message, e.Event.Count))]);
    }

    /// <summary>
    /// The threshold of check <paramref name="check"/> in <paramref name="spec"/>: samples → min minSamples; errorRate,
    /// latency, drift → their max; a custom metric → its min and max. compareToStable moves errorRate's and latency's
    /// thresholds to the stable's value plus the tolerance (the note says so; the absolute max is given).
    /// </summary>
    public static ThresholdView Threshold(AnalysisSpec? spec, string check)
    {
        if (spec is null)
        {
            return new ThresholdView(null, null, "", null);
        }

        var relative = spec.CompareToStable ? "judged against the stable version + tolerance; the absolute max applies when the stable has no data" : null;
        return check switch
        {
            "samples" => new ThresholdView(spec.MinSamples, null, "requests", null),
            "errorRate" => new ThresholdView(null, spec.ErrorRate?.Max, "share", relative),
            "latency" => new ThresholdView(null, spec.Latency?.MaxMilliseconds, "ms", relative),
            "drift" => new ThresholdView(null, spec.Drift?.MaxPsi, "PSI", null),
            _ => spec.Metrics.FirstOrDefault(m => m.Name == check) is { } m
                ? new ThresholdView(m.Min, m.Max, "", null)
                : new ThresholdView(null, null, "", null),
        };
    }

    /// <summary>
    /// The canary steps, or the blue-green stages in use (docs/api.md: 0 preview, 1 pre-promotion analysis, 2 awaiting
    /// promotion, 3 full size + switch, 4 post-promotion analysis; the analysis stages only when enabled), each marked
    /// done, current or pending from status.currentStepIndex (all pending when no rollout runs).
    /// </summary>
    public static IReadOnlyList<StepView> Steps(ModelDeployment md)
    {
        var current = md.Status?.CurrentStepIndex;
        if (md.Spec?.Strategy.BlueGreen is { } bg)
        {
            return [.. BlueGreenStages(bg).Select(st => new StepView(st.Label, State(st.Index, current)))];
        }

        var steps = md.Spec?.Strategy.Canary?.Steps ?? [];
        return [.. steps.Select((st, i) => new StepView(Label(st), State(i, current)))];
    }

    // The 1-based position in Steps(md) of status.currentStepIndex (blue-green: stages left out do not count).
    private static int StepPosition(ModelDeployment md, int index) =>
        md.Spec?.Strategy.BlueGreen is { } bg ? Math.Max(1, BlueGreenStages(bg).Count(st => st.Index <= index)) : index + 1;

    private static List<(int Index, string Label)> BlueGreenStages(BlueGreenStrategy bg)
    {
        var stages = new List<(int Index, string Label)> { (0, "preview") };
        if (bg.PrePromotionAnalysis == true)
        {
            stages.Add((1, "pre-promotion analysis"));
        }

        stages.Add((2, bg.AutoPromotionSeconds is { } auto ? $"auto-promotion after {auto}s" : "awaiting promotion"));
        stages.Add((3, "full size + switch"));
        if (bg.PostPromotionAnalysis == true)
        {
            stages.Add((4, "post-promotion analysis"));
        }

        return stages;
    }

    private static string State(int index, int? current) =>
        current is not { } c ? "pending" : index < c ? "done" : index == c ? "current" : "pending";

    private static string Label(CanaryStep step) =>
        step.SetWeight is { } w ? $"set weight {w}%"
        : step.Pause is { } p ? p.Duration is { Length: > 0 } d ? $"pause {d}" : "pause until promoted"
        : step.Analysis is not null ? "analysis"
        : "?";

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
