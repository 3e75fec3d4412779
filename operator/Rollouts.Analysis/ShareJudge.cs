using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Verdicts of share checks (agreement, accuracy): the share is judged only over enough events. In this order: an
/// Error answer (share or count) → Error; no count (empty, NaN) or fewer than the minimum → Inconclusive; a share that
/// is not one finite number → Inconclusive; below min → Failed; else Successful. No data is never a pass. Pure.
/// </summary>
internal static class ShareJudge
{
    /// <summary>The verdict, its message (naming share, threshold and count) and the count, when known.</summary>
    public static (MeasurementVerdict Verdict, string Message, double? Count) Decide(PlannedCheck check, CountedShare counted, CheckResults results)
    {
        var name = check.Name;
        var count = results.Count ?? QueryResult.Empty;
        if (results.Result.Outcome == QueryOutcome.Error || count.Outcome == QueryOutcome.Error)
        {
            var error = results.Result.Outcome == QueryOutcome.Error ? results.Result.Error : count.Error;
            return (MeasurementVerdict.Error, $"{name}: {error}", count.Outcome == QueryOutcome.Number ? count.Value : null);
        }

        if (count.Outcome != QueryOutcome.Number)
        {
            return (MeasurementVerdict.Inconclusive, $"{name}: no {counted.Unit} in the window ({count}; {counted.MinName} {Format(counted.MinCount)})", null);
        }

        var n = count.Value;
        if (n < counted.MinCount)
        {
            var share = results.Result.Outcome == QueryOutcome.Number ? $"{name} {Format(results.Result.Value)}" : name;
            return (MeasurementVerdict.Inconclusive, $"{share} over {Format(n)} {counted.Unit} < {counted.MinName} {Format(counted.MinCount)}: not judged", n);
        }

        if (results.Result.Outcome != QueryOutcome.Number)
        {
            return (MeasurementVerdict.Inconclusive, $"{name}: {results.Result} over {Format(n)} {counted.Unit}", n);
        }

        var value = results.Result.Value;
        var min = check.Min ?? 0;
        return value < min
            ? (MeasurementVerdict.Failed, $"{name} {Format(value)} < min {Format(min)} over {Format(n)} {counted.Unit}", n)
            : (MeasurementVerdict.Successful, $"{name} {Format(value)} >= min {Format(min)} over {Format(n)} {counted.Unit}", n);
    }

    private static string Format(double v) => QueryResult.FormatValue(v);
}
