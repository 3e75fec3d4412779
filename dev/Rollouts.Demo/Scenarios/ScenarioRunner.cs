using System.Globalization;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Kube;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.LocalCluster.Traffic;
using Rollouts.Demo.View;

namespace Rollouts.Demo.Scenarios;

/// <summary>
/// Plays one scenario: applies its manifest, follows the ModelDeployment (printing a live-view line whenever it
/// changes) until the operator reaches an outcome — promoted (Healthy, stable = the new version, no canary) or rolled
/// back (RolledBack, traffic verified back on stable) — or the scenario times out; then reads how long the rollback
/// took from the operator's metrics (or status timestamps). Along the way it keeps the last judged measurement of the
/// scenario's <see cref="Scenario.Measure"/> check and counts the user requests the new version answered (from the
/// traffic generator). Outcomes are only ever read from the cluster.
/// </summary>
/// <param name="client">Kubernetes client.</param>
/// <param name="ns">Namespace of the ModelDeployments.</param>
/// <param name="manifests">Folder of the scenario manifests.</param>
/// <param name="variables">Template variables of the manifests.</param>
/// <param name="settings">Timing settings.</param>
/// <param name="routing">The data plane's current routing of a ModelDeployment (by name).</param>
/// <param name="answered">The requests the traffic generator of a ModelDeployment (by name) got answered so far: model version → (successes, failures).</param>
/// <param name="metrics">The operator's metrics, when it exposes them.</param>
/// <param name="output">Receives live-view lines.</param>
/// <param name="time">Clock.</param>
public sealed class ScenarioRunner(
    IKubeClient client,
    string ns,
    string manifests,
    IReadOnlyDictionary<string, string> variables,
    ScenarioSettings settings,
    Func<string, RoutingTable> routing,
    Func<string, IReadOnlyDictionary<string, (long Successes, long Failures)>> answered,
    OperatorMetricsReader? metrics,
    Action<string> output,
    TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs <paramref name="scenario"/>.</summary>
    /// <exception cref="KubeApiException">The manifest was refused.</exception>
    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken ct)
    {
        var before = metrics is null ? (0, 0) : await metrics.ReadAsync(ct).ConfigureAwait(false);
        var answeredBefore = Answered(scenario);
        var started = time.GetTimestamp();
        var manifest = await File.ReadAllTextAsync(Path.Combine(manifests, scenario.Manifest), ct).ConfigureAwait(false);
        await new ManifestApplier(client).ApplyAsync(manifest, variables, ct).ConfigureAwait(false);
        output($"applied {scenario.Manifest}: {scenario.DeploymentName} → {scenario.Version}");

        string? lastLine = null;
        DateTimeOffset? firstFailure = null;
        string? measured = null;
        ModelDeployment? mdep = null;
        ExpectedOutcome? outcome = null;
        while (time.GetElapsedTime(started) < settings.ScenarioTimeout)
        {
            mdep = await client.GetAsync<ModelDeployment>(ns, scenario.DeploymentName, ct).ConfigureAwait(false);
            if (mdep is not null)
            {
                var line = StatusLine.Format(mdep, routing(scenario.DeploymentName));
                if (line != lastLine)
                {
                    output($"[{time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),6}s] {line}");
                    lastLine = line;
                }

                firstFailure = Earliest(firstFailure, FirstFailure(mdep.Status?.Analysis, scenario.Version));
                measured = LastJudged(mdep.Status?.Analysis, scenario) ?? measured;
                outcome = Outcome(mdep, scenario);
                if (outcome is not null)
                {
                    break;
                }
            }

            await Task.Delay(Poll, time, ct).ConfigureAwait(false);
        }

        var elapsed = time.GetElapsedTime(started);
        var status = mdep?.Status;
        var userAnswers = Answered(scenario) - answeredBefore;
        if (outcome is null)
        {
            return new ScenarioResult(scenario, null, $"timed out after {elapsed.TotalSeconds:0} s (phase {status?.Phase?.ToString() ?? "-"}, stable {status?.StableVersion ?? "-"})", status?.StableVersion, null, elapsed, status?.Message ?? "", measured, userAnswers);
        }

        if (outcome == ExpectedOutcome.Promoted)
        {
            return new ScenarioResult(scenario, outcome, $"promoted, stable {status!.StableVersion}", status.StableVersion, null, elapsed, status.Message ?? "", measured, userAnswers);
        }

        // Rolled back: the data plane must show all traffic on the stable version again.
        var stable = status!.StableVersion ?? "";
        var trafficBack = await WaitForTrafficAsync(scenario.DeploymentName, stable, ct).ConfigureAwait(false);
        var rolledBack = status.Conditions?.FirstOrDefault(c => c.Type == "RolledBack");
        var reaction = await RollbackTrafficAsync(before, firstFailure, rolledBack?.LastTransitionTime, ct).ConfigureAwait(false);
        var reason = status.AbortReason ?? rolledBack?.Reason ?? "?";
        var text = $"rolled back ({reason}: {ShortCause(rolledBack?.Message)}), stable {stable}{(trafficBack ? "" : ", traffic NOT back on stable")}";
        return new ScenarioResult(
            scenario,
            trafficBack ? ExpectedOutcome.RolledBack : null,
            text,
            status.StableVersion,
            reaction,
            elapsed,
            $"{reason}: {rolledBack?.Message ?? status.Message ?? ""}",
            measured,
            Answered(scenario) - answeredBefore);
    }

    /// <summary>The outcome <paramref name="mdep"/> shows for <paramref name="scenario"/>, or null while undecided.</summary>
    public static ExpectedOutcome? Outcome(ModelDeployment mdep, Scenario scenario)
    {
        var st = mdep.Status;
        if (st is null || st.ObservedGeneration != mdep.Metadata.Generation)
        {
            return null;
        }

        if (st.Phase == Rollouts.Api.Status.RolloutPhase.Healthy && st.StableVersion == scenario.Version && st.CanaryVersion is null)
        {
            return ExpectedOutcome.Promoted;
        }

        // This version's rollout was aborted: the newest history entry says so, or (before the history is written)
        // the aborted revision is this canary's and the phase shows the abort.
        var aborted = st.History?.FirstOrDefault() is { Result: "Aborted" } last && last.Version == scenario.Version;
        var abortingThis = st.CanaryVersion == scenario.Version && st.AbortedRevision is { } rev && rev == st.CanaryRevision
                           && st.Phase == Rollouts.Api.Status.RolloutPhase.Degraded;
        if (st.RolledBack == true && (aborted || abortingThis))
        {
            return ExpectedOutcome.RolledBack;
        }

        return null;
    }

    /// <summary>
    /// The gist of a RolledBack message for the table: the failing checks without their queries, e.g.
    /// <c>errorRate 0.2973 &gt; max 0.05</c>.
    /// </summary>
    public static string ShortCause(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "-";
        }

        var text = System.Text.RegularExpressions.Regex.Replace(message, @"\s*\(query:.*?\)\)?(?=;|,|$)", "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        text = colon >= 0 && text[..colon].Contains("failureLimit", StringComparison.Ordinal) ? text[(colon + 2)..] : text;
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static DateTimeOffset? FirstFailure(AnalysisRunStatus? run, string version)
    {
        if (run is null || run.TargetVersion != version)
        {
            return null;
        }

        return run.Checks.SelectMany(c => c.Measurements).Where(m => m.Verdict == MeasurementVerdict.Failed)
            .Select(m => (DateTimeOffset?)m.Time).Min();
    }

    /// <summary>
    /// The message of the last passed or failed measurement of <paramref name="scenario"/>'s
    /// <see cref="Scenario.Measure"/> check in <paramref name="run"/> when it judges the scenario's version, e.g.
    /// <c>agreement 0.6617 &lt; min 0.95 over 243 comparisons</c>; null when there is none (inconclusive rounds do not
    /// count).
    /// </summary>
    public static string? LastJudged(AnalysisRunStatus? run, Scenario scenario)
    {
        if (scenario.Measure.Length == 0 || run is null || run.TargetVersion != scenario.Version)
        {
            return null;
        }

        return run.Checks.Where(c => c.Name == scenario.Measure).SelectMany(c => c.Measurements)
            .LastOrDefault(m => m.Verdict is MeasurementVerdict.Successful or MeasurementVerdict.Failed)?.Message;
    }

    private long Answered(Scenario scenario) =>
        answered(scenario.DeploymentName).TryGetValue(scenario.Version, out var c) ? c.Successes + c.Failures : 0;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private async Task<bool> WaitForTrafficAsync(string deployment, string stable, CancellationToken ct)
    {
        var deadline = time.GetTimestamp();
        while (time.GetElapsedTime(deadline) < TimeSpan.FromSeconds(15))
        {
            if (Math.Abs(routing(deployment).PercentTo(stable) - 100) < 0.01)
            {
                return true;
            }

            await Task.Delay(Poll, time, ct).ConfigureAwait(false);
        }

        return false;
    }

    private async Task<TimeSpan?> RollbackTrafficAsync((double Sum, double Count) before, DateTimeOffset? firstFailure, DateTimeOffset? rolledBackAt, CancellationToken ct)
    {
        if (metrics is not null)
        {
            var after = await metrics.ReadAsync(ct).ConfigureAwait(false);
            if (after.Count > before.Count)
            {
                return TimeSpan.FromSeconds((after.Sum - before.Sum) / (after.Count - before.Count));
            }
        }

        return firstFailure is { } f && rolledBackAt is { } r && r >= f ? r - f : null;
    }
}
