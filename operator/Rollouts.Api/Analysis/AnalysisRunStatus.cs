namespace Rollouts.Api.Analysis;

/// <summary>
/// <c>status.analysis</c>: the state of the current analysis run. Written by <c>IAnalysisRunner.AdvanceAsync</c>;
/// the reconciler's planner reads only <see cref="Phase"/>. Its size is bounded: one entry per check of the spec,
/// at most historyLimit measurements each, messages and queries truncated.
/// A round is one measurement of every check; its verdict is the worst of them (Failed &gt; Error &gt; Inconclusive &gt; Successful).
/// </summary>
public sealed record AnalysisRunStatus
{
    /// <summary>Running until a limit is crossed or <c>count</c> rounds succeeded.</summary>
    public AnalysisPhase Phase { get; init; } = AnalysisPhase.Running;

    /// <summary>What the run judges, e.g. <c>canary step 2</c> or <c>pre-promotion</c>.</summary>
    public string Purpose { get; init; } = "";

    /// <summary>The model version being measured.</summary>
    public string TargetVersion { get; init; } = "";

    /// <summary>
    /// The revision hash being measured (<c>ml.rollouts.dev/revision</c>). A run belongs to one revision: a new revision of
    /// the same version (other serving settings, another image) is measured afresh. Empty in a status written by an
    /// operator before this field existed; such a run is matched by <see cref="TargetVersion"/> (see <see cref="IsFor"/>).
    /// </summary>
    public string TargetRevision { get; init; } = "";

    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the next round is due (UTC); null once the run is terminal. The reconciler requeues at this time.</summary>
    public DateTimeOffset? NextMeasurementAt { get; init; }

    /// <summary>
    /// Why the run is where it is, naming check, value, threshold and resolved query,
    /// e.g. <c>errorRate 0.134 &gt; max 0.01 (query: ...)</c> (at most 1024 characters).
    /// </summary>
    public string Message { get; init; } = "";

    /// <summary>Rounds taken.</summary>
    public int Rounds { get; init; }

    /// <summary>Rounds whose every check was Successful.</summary>
    public int SuccessfulRounds { get; init; }

    /// <summary>Rounds with at least one Failed check.</summary>
    public int FailedRounds { get; init; }

    /// <summary>Inconclusive rounds over the whole run (not reset by successes).</summary>
    public int InconclusiveRounds { get; init; }

    /// <summary>Error rounds in a row (reset by any round that is not an Error round).</summary>
    public int ConsecutiveErrorRounds { get; init; }

    /// <summary>One entry per check of the spec, in spec order (samples, errorRate, latency, drift, agreement, accuracy, then custom metrics).</summary>
    public IReadOnlyList<AnalysisCheckStatus> Checks { get; init; } = [];

    /// <summary>
    /// True when this run judges <paramref name="revision"/> for <paramref name="purpose"/>: by revision, or by
    /// <paramref name="version"/> for a run recorded without its revision (written before <see cref="TargetRevision"/> existed).
    /// </summary>
    public bool IsFor(string purpose, string? revision, string? version) => Purpose == purpose && Judges(revision, version);

    /// <summary>True when this run measures <paramref name="revision"/> (by <paramref name="version"/> for a run recorded without its revision).</summary>
    public bool Judges(string? revision, string? version) => TargetRevision.Length > 0 ? TargetRevision == revision : TargetVersion == version;
}
