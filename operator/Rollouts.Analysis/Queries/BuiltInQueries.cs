using System.Globalization;

namespace Rollouts.Analysis.Queries;

/// <summary>
/// The queries behind the built-in checks, over the serving metrics (seams §5), selecting one revision of one
/// ModelDeployment by <see cref="RevisionSeries.Matchers"/> (<c>{namespace, model_deployment, model_revision,
/// model_name, model_version}</c>): a new revision with the same version string, or another ModelDeployment serving the
/// same model and version, never mixes in. Window arguments are PromQL durations (e.g. <c>1m</c>).
/// </summary>
public static class BuiltInQueries
{
    /// <summary>
    /// Requests answered by the revision within the window (any code):
    /// <c>sum(increase(model_inference_requests_total{sel}[w]))</c>. Empty when the revision has no series (no traffic yet).
    /// </summary>
    public static string Samples(RevisionSeries series, string window) =>
        $"sum(increase(model_inference_requests_total{{{series.Matchers()}}}[{window}]))";

    /// <summary>
    /// Share of requests answered 5xx within the window. The 5xx part falls back to 0 (<c>or vector(0)</c>) so that a
    /// revision that never failed gives 0, not an empty result; with no requests at all the division is empty or NaN.
    /// </summary>
    public static string ErrorRate(RevisionSeries series, string window)
    {
        var sel = series.Matchers();
        return $"(sum(rate(model_inference_requests_total{{{sel},code=~\"5..\"}}[{window}])) or vector(0))"
            + $" / sum(rate(model_inference_requests_total{{{sel}}}[{window}]))";
    }

    /// <summary>
    /// The <paramref name="quantile"/> of request duration within the window, in milliseconds:
    /// <c>histogram_quantile(q, sum by (le) (rate(model_inference_request_duration_seconds_bucket{sel}[w]))) * 1000</c>.
    /// NaN without requests; +Inf when the quantile falls in the last (+Inf) bucket.
    /// </summary>
    public static string Latency(RevisionSeries series, string window, double quantile) =>
        $"histogram_quantile({quantile.ToString("R", CultureInfo.InvariantCulture)}, sum by (le) (rate(model_inference_request_duration_seconds_bucket{{{series.Matchers()}}}[{window}]))) * 1000";

    /// <summary>
    /// The highest population stability index over the revision's pods, of every feature and of the predictions,
    /// as the servers report it now: <c>max(model_feature_drift_psi{sel} or model_prediction_drift_psi{sel})</c>.
    /// </summary>
    public static string Drift(RevisionSeries series)
    {
        var sel = series.Matchers();
        return $"max(model_feature_drift_psi{{{sel}}} or model_prediction_drift_psi{{{sel}}})";
    }

    /// <summary>The shadow comparison outcomes that count (seams-14 S2); anything else a server may add later is left out.</summary>
    private const string ComparisonOutcomes = "outcome=~\"agree|disagree|error\"";

    /// <summary>
    /// Share (0..1) of the shadow comparisons within the window that agreed: agree / (agree + disagree + error), so a
    /// candidate that errs counts against agreement. The agree part falls back to 0 (<c>or vector(0)</c>) so that
    /// comparisons without one agreement give 0; without comparisons the result is empty or NaN.
    /// </summary>
    public static string Agreement(ShadowSeries series, string window)
    {
        var sel = series.Matchers();
        return $"(sum(increase(model_shadow_comparisons_total{{{sel},outcome=\"agree\"}}[{window}])) or vector(0))"
            + $" / {Comparisons(series, window)}";
    }

    /// <summary>
    /// Shadow comparisons within the window, every counted outcome:
    /// <c>sum(increase(model_shadow_comparisons_total{sel,outcome=~"agree|disagree|error"}[w]))</c>. Empty without series.
    /// </summary>
    public static string Comparisons(ShadowSeries series, string window) =>
        $"sum(increase(model_shadow_comparisons_total{{{series.Matchers()},{ComparisonOutcomes}}}[{window}]))";

    /// <summary>The feedback outcomes that are labels of a known prediction (<c>unmatched</c> is left out).</summary>
    private const string LabelOutcomes = "outcome=~\"correct|incorrect\"";

    /// <summary>
    /// Accuracy (0..1) of the revision's predictions labelled within the window: correct / (correct + incorrect) of
    /// <c>model_feedback_total</c>, whichever pod took the feedback. The correct part falls back to 0 (<c>or vector(0)</c>)
    /// so that labels without one correct prediction give 0; without labels the result is empty or NaN.
    /// </summary>
    public static string Accuracy(FeedbackSeries series, string window) =>
        $"(sum(increase(model_feedback_total{{{series.Matchers()},outcome=\"correct\"}}[{window}])) or vector(0)) / {Labels(series, window)}";

    /// <summary>
    /// Labels of the revision's predictions within the window:
    /// <c>sum(increase(model_feedback_total{sel,outcome=~"correct|incorrect"}[w]))</c>. Empty without series.
    /// </summary>
    public static string Labels(FeedbackSeries series, string window) =>
        $"sum(increase(model_feedback_total{{{series.Matchers()},{LabelOutcomes}}}[{window}]))";
}
