using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using k8s;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>
/// Resuming from every status: a rollout is recorded pass by pass; then, for each recorded status, a fresh planner
/// (an operator restarted with only what the API server kept) must make exactly the pass the original made.
/// </summary>
public sealed class ResumeTests
{
    public static TheoryData<string> Scenarios() => ["canary", "blue-green"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_recorded_status_resumes_to_the_same_next_status(string scenario)
    {
        var (record, runs) = Record(scenario);
        runs.ShouldBeGreaterThan(4);
        for (var i = 0; i < record.Count - 1; i++)
        {
            var (before, world, traffic, now, action) = record[i];
            var fresh = Fresh(scenario, before, world, traffic, now);
            fresh.Pass(action);
            KubernetesJson.Serialize(fresh.Status).ShouldBe(KubernetesJson.Serialize(record[i + 1].Status), $"pass {i} of {scenario}");
        }
    }

    private sealed record Frame(ModelDeploymentStatus Status, Dictionary<string, RevisionObservation> World, ObservedTraffic Traffic, DateTimeOffset Now, string? Action);

    private static PlannerHarness Harness(string scenario, string version) => scenario == "canary"
        ? new PlannerHarness(Canary(version, Weight(25), Pause("30s"), Analyze(), Weight(75), Pause()))
        : new PlannerHarness(BlueGreen(version, pre: true, post: true, auto: 20));

    private static Func<AnalysisDemand, AnalysisRunStatus?, AnalysisRunStatus> Analysis(PlannerHarness h) =>
        (d, cur) => AnalysisRuns.Run(d, cur is null ? AnalysisPhase.Running : AnalysisPhase.Successful, h.Now);

    private static PlannerHarness Fresh(string scenario, ModelDeploymentStatus status, Dictionary<string, RevisionObservation> world, ObservedTraffic traffic, DateTimeOffset now)
    {
        var h = Harness(scenario, "1.0.0");
        h.SetSpec(Harness(scenario, "2.0.0").Spec);
        h.Status = Wire.RoundTrip(status);
        foreach (var (k, v) in world)
        {
            h.Revisions[k] = v;
        }

        h.Traffic = traffic;
        h.Now = now;
        h.Analysis = Analysis(h);
        return h;
    }

    private static (List<Frame> Frames, int Runs) Record(string scenario)
    {
        var h = Harness(scenario, "1.0.0");
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        h.SetSpec(Harness(scenario, "2.0.0").Spec);
        h.Analysis = Analysis(h);
        var frames = new List<Frame>();
        for (var i = 0; i < 60 && h.Status.StableVersion != "2.0.0"; i++)
        {
            var action = h.Status.Phase == RolloutPhase.Paused && h.Status.PauseEndsAt is null ? "promote" : null;
            frames.Add(new Frame(Wire.RoundTrip(h.Status), new Dictionary<string, RevisionObservation>(h.Revisions), h.Traffic, h.Now, action));
            h.Pass(action);
            h.Advance(TimeSpan.FromSeconds(7));
        }

        frames.Add(new Frame(Wire.RoundTrip(h.Status), new Dictionary<string, RevisionObservation>(h.Revisions), h.Traffic, h.Now, null));
        h.Status.StableVersion.ShouldBe("2.0.0");
        return (frames, frames.Count);
    }
}
