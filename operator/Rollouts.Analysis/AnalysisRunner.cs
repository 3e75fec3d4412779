using Microsoft.Extensions.Logging;
using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// The <see cref="IAnalysisRunner"/> over Prometheus: plans the checks (<see cref="CheckPlanner"/>), queries them all
/// at the same evaluation time, judges (<see cref="MeasurementJudge"/>) and folds (<see cref="AnalysisEvaluator"/>).
/// Time comes only from the injected <see cref="TimeProvider"/>; each measurement is counted in
/// <c>rollouts_analysis_measurements_total{check,verdict}</c>.
/// </summary>
/// <param name="prometheus">The Prometheus client (never throws for failed queries).</param>
/// <param name="time">The clock deciding when rounds are due and the queries' evaluation time.</param>
/// <param name="metrics">Where measurements are counted.</param>
/// <param name="logger">Logger for rounds and verdicts.</param>
public sealed partial class AnalysisRunner(IPrometheusClient prometheus, TimeProvider time, IAnalysisMetrics metrics, ILogger<AnalysisRunner> logger) : IAnalysisRunner
{
    /// <inheritdoc />
    public async Task<AnalysisRunStatus> AdvanceAsync(AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current, CancellationToken ct)
    {
        var now = time.GetUtcNow();

        // A terminal run without rounds is the answer to an invalid spec, not a verdict: once the spec is fixed, start over.
        var sameRun = current is not null && current.IsFor(target.Purpose, target.Revision, target.Version)
            && (current.Phase == AnalysisPhase.Running || current.Rounds > 0);
        if (sameRun && current!.Phase != AnalysisPhase.Running)
        {
            return current; // A verdict stands, whatever happens to the spec afterwards.
        }

        var errors = AnalysisSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            return new AnalysisRunStatus
            {
                Phase = AnalysisPhase.Error,
                Purpose = target.Purpose,
                TargetVersion = target.Version,
                TargetRevision = target.Revision,
                StartedAt = current?.StartedAt ?? now,
                Message = Text.Truncate("invalid analysis spec: " + string.Join("; ", errors), Text.MaxRunMessage),
            };
        }

        var checks = CheckPlanner.Plan(spec, target);
        var status = sameRun
            ? current!
            : AnalysisEvaluator.Start(target, checks.Select(c => c.Name), now, now + Api.Duration.Parse(spec.InitialDelay));
        if (status.Phase != AnalysisPhase.Running || status.NextMeasurementAt > now)
        {
            return status;
        }

        var round = await MeasureAsync(checks, now, ct).ConfigureAwait(false);
        var folded = AnalysisEvaluator.Fold(status, spec, round);
        var next = folded.Phase == AnalysisPhase.Running ? now + Api.Duration.Parse(spec.Interval) : (DateTimeOffset?)null;
        LogRound(logger, target.Namespace, target.DeploymentName, target.Version, folded.Rounds, AnalysisEvaluator.RoundVerdict(round), folded.Phase, folded.Message);
        return folded with { NextMeasurementAt = next };
    }

    private async Task<IReadOnlyList<CheckMeasurement>> MeasureAsync(IReadOnlyList<PlannedCheck> checks, DateTimeOffset now, CancellationToken ct)
    {
        var measured = await Task.WhenAll(checks.Select(async check =>
        {
            if (check.NotMeasurable is not null)
            {
                return new CheckMeasurement(check.Name, check.Kind, MeasurementJudge.Judge(check, new CheckResults(QueryResult.Empty), now));
            }

            var resultTask = prometheus.QueryAsync(check.Query, now, ct);
            var stableTask = QueryOrNullAsync(check.StableQuery, now, ct);
            var countTask = QueryOrNullAsync(check.Counted?.CountQuery, now, ct);
            var stableCountTask = QueryOrNullAsync(check.Counted?.StableCountQuery, now, ct);
            var results = new CheckResults(await resultTask.ConfigureAwait(false), await stableTask.ConfigureAwait(false),
                await countTask.ConfigureAwait(false), await stableCountTask.ConfigureAwait(false));
            return new CheckMeasurement(check.Name, check.Kind, MeasurementJudge.Judge(check, results, now));
        })).ConfigureAwait(false);
        var samples = measured.FirstOrDefault(m => m.Kind == CheckKind.Samples)?.Measurement;
        var round = MeasurementJudge.Gate(measured, samples);
        foreach (var m in round)
        {
            metrics.MeasurementTaken(m.Name, m.Measurement.Verdict);
        }

        return round;
    }

    private async Task<QueryResult?> QueryOrNullAsync(string? query, DateTimeOffset now, CancellationToken ct) =>
        query is null ? null : await prometheus.QueryAsync(query, now, ct).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis {Namespace}/{Name} version {Version} round {Round}: {Verdict}; run {Phase}: {Message}")]
    private static partial void LogRound(ILogger logger, string @namespace, string name, string version, int round, MeasurementVerdict verdict, AnalysisPhase phase, string message);
}
