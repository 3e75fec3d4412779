using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Folds measurement rounds into an <see cref="AnalysisRunStatus"/>. Pure: no clock, no I/O.
/// A round's verdict is the worst of its checks: Failed &gt; Error &gt; Inconclusive &gt; Successful.
/// After each round, in this order: failed rounds &gt; failureLimit → Failed; error rounds in a row &gt;
/// consecutiveErrorLimit → Error; inconclusive rounds (total over the run) &gt; inconclusiveLimit → Inconclusive;
/// successful rounds ≥ count → Successful; else Running. A terminal status is never folded further.
/// </summary>
public static class AnalysisEvaluator
{
    /// <summary>Largest historyLimit honoured, whatever the spec says.</summary>
    public const int MaxHistory = 50;

    /// <summary>A new Running run for <paramref name="target"/> with empty entries for <paramref name="checkNames"/>.</summary>
    public static AnalysisRunStatus Start(AnalysisTarget target, IEnumerable<string> checkNames, DateTimeOffset now, DateTimeOffset firstMeasurementAt) => new()
    {
        Phase = AnalysisPhase.Running,
        Purpose = target.Purpose,
        TargetVersion = target.Version,
        TargetRevision = target.Revision,
        StartedAt = now,
        NextMeasurementAt = firstMeasurementAt,
        Message = $"analysis of {target.Version} started; first measurement at {firstMeasurementAt:O}",
        Checks = checkNames.Select(n => new AnalysisCheckStatus { Name = n }).ToList(),
    };

    /// <summary>The worst verdict of a round (Failed &gt; Error &gt; Inconclusive &gt; Successful); Inconclusive for an empty round.</summary>
    public static MeasurementVerdict RoundVerdict(IReadOnlyList<CheckMeasurement> round)
    {
        if (round.Count == 0)
        {
            return MeasurementVerdict.Inconclusive;
        }

        return round.Select(m => m.Measurement.Verdict).MaxBy(Severity);
    }

    /// <summary>
    /// Folds <paramref name="round"/> into <paramref name="current"/>: per-check counters and history (at most
    /// historyLimit measurements per check, fewer when <see cref="AnalysisStatusBudget"/> must cut), round
    /// counters, phase and message. Checks are kept in the round's order (a check missing from the round is dropped).
    /// Does not touch <see cref="AnalysisRunStatus.NextMeasurementAt"/>. Returns <paramref name="current"/> when it is terminal.
    /// </summary>
    public static AnalysisRunStatus Fold(AnalysisRunStatus current, AnalysisSpec spec, IReadOnlyList<CheckMeasurement> round)
    {
        if (current.Phase != AnalysisPhase.Running)
        {
            return current;
        }

        var history = Math.Clamp(spec.HistoryLimit, 1, MaxHistory);
        var checks = AnalysisStatusBudget.Fit(round.Select(m => FoldCheck((current.Checks ?? []).FirstOrDefault(c => c?.Name == m.Name), m, history)).ToList());
        var verdict = RoundVerdict(round);
        var next = current with
        {
            Checks = checks,
            Rounds = current.Rounds + 1,
            SuccessfulRounds = current.SuccessfulRounds + (verdict == MeasurementVerdict.Successful ? 1 : 0),
            FailedRounds = current.FailedRounds + (verdict == MeasurementVerdict.Failed ? 1 : 0),
            InconclusiveRounds = current.InconclusiveRounds + (verdict == MeasurementVerdict.Inconclusive ? 1 : 0),
            ConsecutiveErrorRounds = verdict == MeasurementVerdict.Error ? current.ConsecutiveErrorRounds + 1 : 0,
        };
        var phase = Decide(next, spec);
        return next with { Phase = phase, Message = Text.Truncate(Describe(next, phase, verdict, round, spec), Text.MaxRunMessage) };
    }

    private static AnalysisPhase Decide(AnalysisRunStatus s, AnalysisSpec spec) =>
        s.FailedRounds > spec.FailureLimit ? AnalysisPhase.Failed
        : s.ConsecutiveErrorRounds > spec.ConsecutiveErrorLimit ? AnalysisPhase.Error
        : s.InconclusiveRounds > spec.InconclusiveLimit ? AnalysisPhase.Inconclusive
        : s.SuccessfulRounds >= Math.Max(1, spec.Count) ? AnalysisPhase.Successful
        : AnalysisPhase.Running;

    private static string Describe(AnalysisRunStatus s, AnalysisPhase phase, MeasurementVerdict verdict, IReadOnlyList<CheckMeasurement> round, AnalysisSpec spec)
    {
        var deciding = round.FirstOrDefault(m => m.Measurement.Verdict == verdict)?.Measurement;
        var detail = deciding is null ? "no checks" : $"{deciding.Message} (query: {deciding.Query})";
        return phase switch
        {
            AnalysisPhase.Failed => $"{s.FailedRounds} failed rounds > failureLimit {spec.FailureLimit}: {detail}",
            AnalysisPhase.Error => $"{s.ConsecutiveErrorRounds} error rounds in a row > consecutiveErrorLimit {spec.ConsecutiveErrorLimit}: {detail}",
            AnalysisPhase.Inconclusive => $"{s.InconclusiveRounds} inconclusive rounds > inconclusiveLimit {spec.InconclusiveLimit}: {detail}",
            AnalysisPhase.Successful => $"{s.SuccessfulRounds} of {Math.Max(1, spec.Count)} rounds successful; last: {detail}",
            _ => $"round {s.Rounds} {verdict} ({s.SuccessfulRounds}/{Math.Max(1, spec.Count)} successful, {s.FailedRounds} failed, {s.InconclusiveRounds} inconclusive, {s.ConsecutiveErrorRounds} errors in a row): {detail}",
        };
    }

    private static AnalysisCheckStatus FoldCheck(AnalysisCheckStatus? prior, CheckMeasurement m, int history)
    {
        prior ??= new AnalysisCheckStatus { Name = m.Name };
        var v = m.Measurement.Verdict;
        var measurements = (prior.Measurements ?? []).Append(m.Measurement).ToList();
        if (measurements.Count > history)
        {
            measurements = measurements.GetRange(measurements.Count - history, history);
        }

        return prior with
        {
            Successes = prior.Successes + (v == MeasurementVerdict.Successful ? 1 : 0),
            Failures = prior.Failures + (v == MeasurementVerdict.Failed ? 1 : 0),
            Inconclusives = prior.Inconclusives + (v == MeasurementVerdict.Inconclusive ? 1 : 0),
            ConsecutiveErrors = v == MeasurementVerdict.Error ? prior.ConsecutiveErrors + 1 : 0,
            Measurements = measurements,
        };
    }

    private static int Severity(MeasurementVerdict v) => v switch
    {
        MeasurementVerdict.Failed => 3,
        MeasurementVerdict.Error => 2,
        MeasurementVerdict.Inconclusive => 1,
        _ => 0,
    };
}
