using System.Text.RegularExpressions;
using Rollouts.Analysis.Queries;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Checks an <see cref="AnalysisSpec"/> before use; the reconciler turns the errors into the InvalidSpec condition.
/// Every error names the field (<c>analysis.metrics[0].query</c>) and what is wrong.
/// </summary>
public static partial class AnalysisSpecValidator
{
    /// <summary>Most custom metrics allowed.</summary>
    public const int MaxMetrics = 20;

    /// <summary>Longest custom query template.</summary>
    public const int MaxQueryLength = 4096;

    private static readonly string[] Reserved = [CheckPlanner.SamplesCheck, CheckPlanner.LatencyCheck, CheckPlanner.DriftCheck, CheckPlanner.AgreementCheck, CheckPlanner.AccuracyCheck, "errorrate", "error-rate"];

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();

    /// <summary>The errors in <paramref name="spec"/>; empty when it can be used.</summary>
    public static IReadOnlyList<string> Validate(AnalysisSpec spec)
    {
        var errors = new List<string>();
        CheckDuration(errors, "analysis.interval", spec.Interval, TimeSpan.FromSeconds(1));
        CheckDuration(errors, "analysis.initialDelay", spec.InitialDelay, TimeSpan.Zero);
        CheckDuration(errors, "analysis.window", spec.Window, TimeSpan.FromSeconds(1));
        Require(errors, spec.Count >= 1, $"analysis.count must be at least 1 (got {spec.Count})");
        Require(errors, spec.FailureLimit >= 0, $"analysis.failureLimit must be at least 0 (got {spec.FailureLimit})");
        Require(errors, spec.InconclusiveLimit >= 0, $"analysis.inconclusiveLimit must be at least 0 (got {spec.InconclusiveLimit})");
        Require(errors, spec.ConsecutiveErrorLimit >= 0, $"analysis.consecutiveErrorLimit must be at least 0 (got {spec.ConsecutiveErrorLimit})");
        Require(errors, spec.MinSamples >= 0, $"analysis.minSamples must be at least 0 (got {spec.MinSamples})");
        Require(errors, spec.HistoryLimit is >= 1 and <= AnalysisEvaluator.MaxHistory, $"analysis.historyLimit must be 1 to {AnalysisEvaluator.MaxHistory} (got {spec.HistoryLimit})");
        Require(errors, Enum.IsDefined(spec.OnConsecutiveErrors), $"analysis.onConsecutiveErrors must be Pause or Rollback (got {spec.OnConsecutiveErrors})");
        if (spec.ErrorRate is { } e)
        {
            Require(errors, double.IsFinite(e.Max) && e.Max is >= 0 and <= 1, $"analysis.errorRate.max must be a share from 0 to 1 (got {e.Max})");
        }

        if (spec.Latency is { } l)
        {
            Require(errors, double.IsFinite(l.Quantile) && l.Quantile is > 0 and < 1, $"analysis.latency.quantile must be between 0 and 1, exclusive (got {l.Quantile})");
            Require(errors, double.IsFinite(l.MaxMilliseconds) && l.MaxMilliseconds > 0, $"analysis.latency.maxMilliseconds must be greater than 0 (got {l.MaxMilliseconds})");
        }

        if (spec.Drift is { } d)
        {
            Require(errors, double.IsFinite(d.MaxPsi) && d.MaxPsi > 0, $"analysis.drift.maxPsi must be greater than 0 (got {d.MaxPsi})");
        }

        if (spec.Agreement is { } a)
        {
            Require(errors, double.IsFinite(a.Min) && a.Min is >= 0 and <= 1, $"analysis.agreement.min must be a share from 0 to 1 (got {a.Min})");
            Require(errors, a.MinComparisons >= 1, $"analysis.agreement.minComparisons must be at least 1, so that no comparisons is never a pass (got {a.MinComparisons})");
        }

        if (spec.Accuracy is { } acc)
        {
            Require(errors, double.IsFinite(acc.Min) && acc.Min is >= 0 and <= 1, $"analysis.accuracy.min must be a share from 0 to 1 (got {acc.Min})");
            Require(errors, acc.MinLabels >= 1, $"analysis.accuracy.minLabels must be at least 1, so that no labels is never a pass (got {acc.MinLabels})");
            Require(errors, double.IsFinite(acc.Confidence) && acc.Confidence is > 0.5 and < 1,
                $"analysis.accuracy.confidence must be between 0.5 and 1, exclusive, e.g. 0.95 (got {acc.Confidence})");
            if (acc.Window is not null)
            {
                CheckDuration(errors, "analysis.accuracy.window", acc.Window, TimeSpan.FromSeconds(1));
            }
        }

        if (spec.CompareToStable)
        {
            Require(errors, spec.ErrorRate is not null || spec.Latency is not null, "analysis.compareToStable needs errorRate or latency");
        }

        if (spec.StableTolerance is { } t)
        {
            Require(errors, double.IsFinite(t.ErrorRate) && t.ErrorRate is >= 0 and <= 1, $"analysis.stableTolerance.errorRate must be from 0 to 1 (got {t.ErrorRate})");
            Require(errors, double.IsFinite(t.LatencyMilliseconds) && t.LatencyMilliseconds >= 0, $"analysis.stableTolerance.latencyMilliseconds must be at least 0 (got {t.LatencyMilliseconds})");
        }

        ValidateMetrics(errors, spec.Metrics ?? []);
        Require(errors, spec.ErrorRate is not null || spec.Latency is not null || spec.Drift is not null || spec.Agreement is not null || spec.Accuracy is not null
                || spec.Metrics is { Count: > 0 },
            "analysis needs at least one check (errorRate, latency, drift, agreement, accuracy or metrics)");
        return errors;
    }

    private static void ValidateMetrics(List<string> errors, IReadOnlyList<MetricCheck> metrics)
    {
        Require(errors, metrics.Count <= MaxMetrics, $"analysis.metrics may hold at most {MaxMetrics} checks (got {metrics.Count})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(metrics.Count, MaxMetrics); i++)
        {
            var m = metrics[i];
            var at = $"analysis.metrics[{i}]";
            if (m is null)
            {
                errors.Add($"{at} is null");
                continue;
            }

            var name = m.Name ?? "";
            Require(errors, MetricName().IsMatch(name), $"{at}.name '{Shorten(name)}' must be lowercase letters, digits and '-', 1 to 63 characters");
            Require(errors, !Reserved.Contains(name, StringComparer.OrdinalIgnoreCase), $"{at}.name '{name}' is reserved for a built-in check");
            Require(errors, seen.Add(name), $"{at}.name '{Shorten(name)}' is used twice");
            var query = m.Query ?? "";
            if (string.IsNullOrWhiteSpace(query) || query.Length > MaxQueryLength)
            {
                errors.Add($"{at}.query must be 1 to {MaxQueryLength} characters (got {query.Length})");
            }
            else
            {
                errors.AddRange(QueryTemplate.Validate(query).Select(e => $"{at}.query: {e}"));
            }

            Require(errors, m.Min is not null || m.Max is not null, $"{at} needs min or max");
            Require(errors, m.Min is null || double.IsFinite(m.Min.Value), $"{at}.min must be a finite number");
            Require(errors, m.Max is null || double.IsFinite(m.Max.Value), $"{at}.max must be a finite number");
            Require(errors, m.Min is null || m.Max is null || m.Min <= m.Max, $"{at}.min {m.Min} is greater than max {m.Max}");
        }
    }

    private static void CheckDuration(List<string> errors, string field, string? text, TimeSpan least)
    {
        if (!Api.Duration.TryParse(text, out var value))
        {
            errors.Add($"{field} '{Shorten(text ?? "")}' is not a duration (e.g. 30s, 2m, 1h30m)");
        }
        else if (value < least)
        {
            errors.Add($"{field} must be at least {Api.Duration.Format(least)} (got {text})");
        }
    }

    private static void Require(List<string> errors, bool ok, string error)
    {
        if (!ok)
        {
            errors.Add(error);
        }
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..61] + "...";
}
