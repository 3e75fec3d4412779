using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Verdicts of share checks (agreement, accuracy): the share is judged only over enough events. In this order: an
/// Error answer (share or count) → Error; no count (empty, NaN) or fewer than the minimum → Inconclusive; a share that
/// is not one finite number → Inconclusive; below min → Failed; else Successful. With a stable count query the
/// stable's share and count replace min: the stable also needs the minimum (else Inconclusive) and a one-sided pooled
/// two-proportion z-test fails the canary only when it is significantly worse. No data is never a pass. Pure.
/// </summary>
internal static class ShareJudge
{
    /// <summary>The verdict, its message (naming share, threshold and count) and the count, when known.</summary>
    public static (MeasurementVerdict Verdict, string Message, double? Count) Decide(PlannedCheck check, CountedShare counted, CheckResults results)
    {
        var name = check.Name;
        var count = results.Count ?? QueryResult.Empty;
        if (new[] { results.Result, count, results.Stable, results.StableCount }.FirstOrDefault(r => r?.Outcome == QueryOutcome.Error) is { } failed)
        {
            return (MeasurementVerdict.Error, $"{name}: {failed.Error}", count.Outcome == QueryOutcome.Number ? count.Value : null);
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
        if (counted.StableCountQuery is not null)
        {
            var (verdict, message) = CompareToStable(name, counted, value, n, results.Stable ?? QueryResult.Empty, results.StableCount ?? QueryResult.Empty);
            return (verdict, message, n);
        }

        var min = check.Min ?? 0;
        return value < min
            ? (MeasurementVerdict.Failed, $"{name} {Format(value)} < min {Format(min)} over {Format(n)} {counted.Unit}", n)
            : (MeasurementVerdict.Successful, $"{name} {Format(value)} >= min {Format(min)} over {Format(n)} {counted.Unit}", n);
    }

    /// <summary>
    /// The canary's share <paramref name="p1"/> over <paramref name="n1"/> against the stable's by the one-sided
    /// two-proportion z-test (<see cref="TwoProportionTest"/>): Failed only when the canary is significantly worse.
    /// </summary>
    private static (MeasurementVerdict Verdict, string Message) CompareToStable(string name, CountedShare counted, double p1, double n1, QueryResult stable, QueryResult stableCount)
    {
        var canary = $"{name} {Format(p1)} over {Format(n1)} {counted.Unit}";
        if (stableCount.Outcome != QueryOutcome.Number)
        {
            return (MeasurementVerdict.Inconclusive, $"{canary}; stable: no {counted.Unit} in the window ({stableCount}): not compared");
        }

        var n2 = stableCount.Value;
        if (n2 < counted.MinCount)
        {
            return (MeasurementVerdict.Inconclusive, $"{canary}; stable over {Format(n2)} {counted.Unit} < {counted.MinName} {Format(counted.MinCount)}: not compared");
        }

        if (stable.Outcome != QueryOutcome.Number)
        {
            return (MeasurementVerdict.Inconclusive, $"{canary}; stable: {stable} over {Format(n2)} {counted.Unit}: not compared");
        }

        var p2 = stable.Value;
        var z = TwoProportionTest.Z(Math.Clamp(p1, 0, 1), n1, Math.Clamp(p2, 0, 1), n2);
        var critical = TwoProportionTest.Critical(counted.Confidence);
        var test = $"{name} {Format(p1)} vs stable {Format(p2)} over {Format(n1)} and {Format(n2)} {counted.Unit}: z {Format(z)}";
        var at = $"(one-sided, confidence {Format(counted.Confidence)}, p {Format(TwoProportionTest.LowerTailP(z))})";
        return TwoProportionTest.SignificantlyLower(z, counted.Confidence)
            ? (MeasurementVerdict.Failed, $"{test} < -{Format(critical)} {at}: significantly worse than the stable")
            : (MeasurementVerdict.Successful, $"{test} >= -{Format(critical)} {at}: not significantly worse than the stable");
    }

    private static string Format(double v) => QueryResult.FormatValue(v);
}
