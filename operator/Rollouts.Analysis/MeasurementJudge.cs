using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Turns query results into measurements with a verdict and a message that names check, value and threshold. Pure.
/// Rules: Error result → Error; empty result, NaN or several series → Inconclusive; a finite or infinite value below
/// min or above max → Failed (so +Inf fails a max, -Inf fails a min), else Successful. The samples check is
/// Inconclusive (never Failed) below minSamples; when it is not Successful every other non-Error verdict of the
/// round becomes Inconclusive (<see cref="Gate"/>).
/// </summary>
public static class MeasurementJudge
{
    /// <summary>Judges one check's result (and the stable's, when comparing) at <paramref name="time"/>.</summary>
    public static AnalysisMeasurement Judge(PlannedCheck check, QueryResult result, QueryResult? stable, DateTimeOffset time) =>
        Judge(check, new CheckResults(result, stable), time);

    /// <summary>
    /// Judges one check's answers at <paramref name="time"/>: share checks (<see cref="PlannedCheck.Counted"/>) by
    /// their count first (see <c>ShareJudge</c>), a check that is <see cref="PlannedCheck.NotMeasurable"/> as
    /// Inconclusive, every other check by the rules of this type.
    /// </summary>
    public static AnalysisMeasurement Judge(PlannedCheck check, CheckResults results, DateTimeOffset time)
    {
        var (verdict, message, count) = check switch
        {
            { NotMeasurable: { } reason } => (MeasurementVerdict.Inconclusive, reason, null),
            { Counted: { } counted } => ShareJudge.Decide(check, counted, results),
            _ => WithoutCount(Decide(check, results.Result, results.Stable)),
        };
        return new AnalysisMeasurement
        {
            Time = time,
            Value = results.Result.Outcome is QueryOutcome.Number && check.NotMeasurable is null ? results.Result.Value : null,
            Count = count,
            Verdict = verdict,
            Query = Text.Truncate(check.Query, Text.MaxQuery),
            Message = Text.Truncate(message, Text.MaxMeasurementMessage),
        };
    }

    /// <summary>
    /// Applies the sample-size gate: when <paramref name="samples"/> is not Successful, every other measurement
    /// that is not an Error becomes Inconclusive, its message saying why. Returns the round in the same order.
    /// </summary>
    public static IReadOnlyList<CheckMeasurement> Gate(IReadOnlyList<CheckMeasurement> round, AnalysisMeasurement? samples)
    {
        if (samples is null || samples.Verdict == MeasurementVerdict.Successful)
        {
            return round;
        }

        var reason = samples.Verdict == MeasurementVerdict.Error ? "sample count unknown" : "too few samples";
        return round.Select(m => m.Kind == CheckKind.Samples || m.Measurement.Verdict == MeasurementVerdict.Error
                ? m
                : m with
                {
                    Measurement = m.Measurement with
                    {
                        Verdict = MeasurementVerdict.Inconclusive,
                        Message = Text.Truncate($"{m.Measurement.Message}; not judged: {reason} ({samples.Message})", Text.MaxMeasurementMessage),
                    },
                })
            .ToList();
    }

    private static (MeasurementVerdict Verdict, string Message) Decide(PlannedCheck check, QueryResult result, QueryResult? stable)
    {
        var name = check.Name;
        switch (result.Outcome)
        {
            case QueryOutcome.Error:
                return (MeasurementVerdict.Error, $"{name}: {result.Error}");
            case QueryOutcome.Empty:
                return (MeasurementVerdict.Inconclusive, $"{name}: no data (empty result)");
            case QueryOutcome.MultipleSeries:
                return (MeasurementVerdict.Inconclusive, $"{name}: {result.SeriesCount} series where one value is needed (aggregate the query, e.g. with sum or max)");
            case QueryOutcome.NaN:
                return (MeasurementVerdict.Inconclusive, $"{name}: NaN (no data in the window, e.g. 0/0)");
        }

        var value = QueryResult.FormatValue(result.Value);
        if (check.Kind == CheckKind.Samples)
        {
            var min = check.Min ?? 0;
            return result.Value >= min
                ? (MeasurementVerdict.Successful, $"{name} {value} >= minSamples {Format(min)}")
                : (MeasurementVerdict.Inconclusive, $"{name} {value} < minSamples {Format(min)}");
        }

        var (max, maxText) = EffectiveMax(check, stable);
        if (check.Min is { } lo && result.Value < lo)
        {
            return (MeasurementVerdict.Failed, $"{name} {value} < min {Format(lo)}");
        }

        if (max is { } hi && result.Value > hi)
        {
            return (MeasurementVerdict.Failed, $"{name} {value} > max {maxText}");
        }

        var bounds = (check.Min, max) switch
        {
            ({ } l, { }) => $"within [{Format(l)}, {maxText}]",
            ({ } l, null) => $">= min {Format(l)}",
            (null, { }) => $"<= max {maxText}",
            _ => "no bound",
        };
        return (MeasurementVerdict.Successful, $"{name} {value} {bounds}");
    }

    private static (MeasurementVerdict Verdict, string Message, double? Count) WithoutCount((MeasurementVerdict Verdict, string Message) d) => (d.Verdict, d.Message, null);

    private static (double? Max, string Text) EffectiveMax(PlannedCheck check, QueryResult? stable)
    {
        if (check.StableQuery is null || stable is null)
        {
            return (check.Max, check.Max is { } m ? Format(m) : "");
        }

        if (stable.Outcome != QueryOutcome.Number)
        {
            return (check.Max, $"{(check.Max is { } m ? Format(m) : "none")} (stable gave {stable}; absolute max used)");
        }

        var max = stable.Value + check.StableTolerance;
        return (max, $"{Format(max)} (stable {Format(stable.Value)} + tolerance {Format(check.StableTolerance)})");
    }

    private static string Format(double v) => QueryResult.FormatValue(v);
}
