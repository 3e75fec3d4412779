namespace Rollouts.Kubectl.Dashboard;

/// <summary>One row of the dashboard's list: what <c>kubectl mdep get</c> shows, plus each check's last measurement.</summary>
/// <param name="Namespace">metadata.namespace.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Model">spec.model.name.</param>
/// <param name="Phase">status.phase; null before the operator's first status write.</param>
/// <param name="Message">status.message.</param>
/// <param name="Step">1-based step being executed (capped at <paramref name="StepCount"/>); null when not rolling out.</param>
/// <param name="StepCount">Canary steps, or blue-green stages in use.</param>
/// <param name="Weight">status.canaryWeight, percent (0–100).</param>
/// <param name="StableVersion">status.stableVersion.</param>
/// <param name="CanaryVersion">status.canaryVersion (blue-green: the preview).</param>
/// <param name="Strategy"><c>canary</c> or <c>blue-green</c>.</param>
/// <param name="Created">metadata.creationTimestamp (UTC); the page shows the age.</param>
/// <param name="PendingAction">The <c>ml.rollouts.dev/action</c> annotation the operator has not consumed yet.</param>
/// <param name="Checks">The current analysis run's checks with their last measurement.</param>
internal sealed record RowView(
    string Namespace, string Name, string? Model, string? Phase, string? Message, int? Step, int StepCount, int? Weight,
    string? StableVersion, string? CanaryVersion, string Strategy, DateTimeOffset? Created, string? PendingAction,
    IReadOnlyList<LastMeasurementView> Checks);

/// <summary>A check's last measurement against its threshold (the page's list column).</summary>
/// <param name="Name">Check name (samples, errorRate, latency, drift or a custom metric).</param>
/// <param name="Value">Measured value; null when none or not finite.</param>
/// <param name="Verdict">Successful, Failed, Inconclusive or Error.</param>
/// <param name="Threshold">The check's threshold from spec.analysis.</param>
internal sealed record LastMeasurementView(string Name, double? Value, string Verdict, ThresholdView Threshold);

/// <summary>The threshold of a check, from spec.analysis (see docs/analysis.md).</summary>
/// <param name="Min">Lowest passing value (samples: minSamples; custom: min), or null.</param>
/// <param name="Max">Highest passing value (errorRate max share, latency ms, drift PSI, custom max), or null.</param>
/// <param name="Unit">What the value counts: <c>requests</c>, <c>share</c>, <c>ms</c>, <c>PSI</c> or empty.</param>
/// <param name="Note">How the threshold is applied when not plainly (compareToStable), or null.</param>
internal sealed record ThresholdView(double? Min, double? Max, string Unit, string? Note);

/// <summary>The detail view of one ModelDeployment.</summary>
/// <param name="Row">The list row.</param>
/// <param name="StableRevision">status.stableRevision.</param>
/// <param name="CanaryRevision">status.canaryRevision.</param>
/// <param name="Generation">metadata.generation.</param>
/// <param name="ObservedGeneration">status.observedGeneration.</param>
/// <param name="Steps">The strategy's steps (canary) or stages (blue-green), the current one marked.</param>
/// <param name="Analysis">The current analysis run, or null.</param>
/// <param name="Conditions">status.conditions.</param>
/// <param name="History">status.history, newest first.</param>
/// <param name="Events">The most recent Events of the object, oldest first.</param>
internal sealed record DetailView(
    RowView Row, string? StableRevision, string? CanaryRevision, long? Generation, long? ObservedGeneration,
    IReadOnlyList<StepView> Steps, AnalysisView? Analysis, IReadOnlyList<ConditionView> Conditions,
    IReadOnlyList<HistoryView> History, IReadOnlyList<EventView> Events);

/// <summary>One step or stage.</summary>
/// <param name="Label">E.g. <c>set weight 20%</c>, <c>pause 2m</c>, <c>analysis</c>, <c>pre-promotion analysis</c>.</param>
/// <param name="State"><c>done</c>, <c>current</c> or <c>pending</c>.</param>
internal sealed record StepView(string Label, string State);

/// <summary>status.analysis with each check's threshold.</summary>
/// <param name="Phase">Running, Successful, Failed, Inconclusive or Error.</param>
/// <param name="Purpose">E.g. <c>canary step 2</c>.</param>
/// <param name="TargetVersion">The measured version.</param>
/// <param name="Message">Why the run is where it is.</param>
/// <param name="Rounds">Rounds taken.</param>
/// <param name="SuccessfulRounds">Rounds whose every check passed.</param>
/// <param name="FailedRounds">Rounds with a failed check.</param>
/// <param name="InconclusiveRounds">Inconclusive rounds (total).</param>
/// <param name="NextMeasurementAt">When the next round is due (UTC), or null.</param>
/// <param name="Checks">The checks, in spec order.</param>
internal sealed record AnalysisView(
    string Phase, string Purpose, string TargetVersion, string Message, int Rounds, int SuccessfulRounds, int FailedRounds,
    int InconclusiveRounds, DateTimeOffset? NextMeasurementAt, IReadOnlyList<CheckView> Checks);

/// <summary>One check of the run, its counters and measurement history (oldest first) for the chart.</summary>
/// <param name="Name">Check name.</param>
/// <param name="Successes">Successful measurements over the run.</param>
/// <param name="Failures">Failed measurements over the run.</param>
/// <param name="Inconclusives">Inconclusive measurements over the run.</param>
/// <param name="ConsecutiveErrors">Error measurements in a row.</param>
/// <param name="Threshold">Its threshold.</param>
/// <param name="Measurements">The kept measurements, oldest first.</param>
internal sealed record CheckView(
    string Name, int Successes, int Failures, int Inconclusives, int ConsecutiveErrors, ThresholdView Threshold,
    IReadOnlyList<MeasurementView> Measurements);

/// <summary>One measurement.</summary>
/// <param name="Time">Evaluation time (UTC).</param>
/// <param name="Value">The value; null when none or not finite.</param>
/// <param name="Verdict">Its verdict.</param>
/// <param name="Message">Why (value against threshold, or the error).</param>
internal sealed record MeasurementView(DateTimeOffset Time, double? Value, string Verdict, string Message);

/// <summary>A status condition.</summary>
/// <param name="Type">Available, Progressing, Paused, RolledBack, InvalidSpec.</param>
/// <param name="Status">True, False or Unknown.</param>
/// <param name="Reason">CamelCase reason.</param>
/// <param name="Message">In words.</param>
/// <param name="LastTransitionTime">UTC.</param>
internal sealed record ConditionView(string Type, string Status, string? Reason, string? Message, DateTimeOffset? LastTransitionTime);

/// <summary>A finished rollout.</summary>
/// <param name="Time">When it ended (UTC).</param>
/// <param name="Version">Model version.</param>
/// <param name="Revision">Revision hash.</param>
/// <param name="Result">Completed, Aborted or Superseded.</param>
/// <param name="Message">Why.</param>
internal sealed record HistoryView(DateTimeOffset Time, string Version, string Revision, string Result, string? Message);

/// <summary>An Event of the object.</summary>
/// <param name="Time">Last (else first, else creation) time (UTC).</param>
/// <param name="Type">Normal or Warning.</param>
/// <param name="Reason">Reason.</param>
/// <param name="Message">Message.</param>
/// <param name="Count">How many times it happened.</param>
internal sealed record EventView(DateTimeOffset? Time, string? Type, string? Reason, string? Message, int? Count);

/// <summary>The answer to an action request.</summary>
/// <param name="Message">What was done (e.g. <c>modeldeployment.ml.rollouts.dev/iris promote requested</c>), or null.</param>
/// <param name="Error">Why nothing was done, or null.</param>
internal sealed record ActionResultView(string? Message, string? Error);
