using Rollouts.Api;
using Rollouts.Api.Status;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Kubectl.Cli;
using Rollouts.Testing;

namespace Rollouts.Kubectl.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class KubectlMdepTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private readonly ControlPlane cp = fixture.ControlPlane;
    private string ns = "";

    public async Task InitializeAsync()
    {
        await ClusterState.InstallCrdAsync(cp);
        ns = await cp.CreateNamespaceAsync("mdep");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<MdepRun> Mdep(params string[] args) => MdepRun.RunAsync(["--kubeconfig", cp.KubeconfigPath, "-n", ns, .. args]);

    private static string[] Line(string output, string startsWith) =>
        output.Split('\n').Single(l => l.TrimStart().StartsWith(startsWith, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Get_lists_modeldeployments_with_versions_weight_step_and_phase()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value));
        await ClusterState.CreateAsync(cp, ns, "fresh");

        var run = await Mdep("get");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        Line(run.Output, "NAME").ShouldBe(["NAME", "MODEL", "STABLE", "CANARY", "WEIGHT", "STEP", "PHASE", "AGE"]);
        Line(run.Output, "iris")[..7].ShouldBe(["iris", "iris", "v1", "v2", "20%", "1", "Progressing"]);
        Line(run.Output, "fresh")[..7].ShouldBe(["fresh", "iris", "-", "-", "-", "-", "-"]);
    }

    [Fact]
    public async Task Get_all_namespaces_adds_the_namespace_column()
    {
        await ClusterState.CreateAsync(cp, ns, "iris");
        var run = await MdepRun.RunAsync("--kubeconfig", cp.KubeconfigPath, "get", "-A");
        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        Line(run.Output, "NAMESPACE")[0..2].ShouldBe(["NAMESPACE", "NAME"]);
        Line(run.Output, ns)[1].ShouldBe("iris");
    }

    [Fact]
    public async Task Get_in_an_empty_namespace_says_so()
    {
        var run = await Mdep("get");
        run.ExitCode.ShouldBe(ExitCodes.Ok);
        run.Output.ShouldContain($"No ModelDeployments found in {ns} namespace.");
    }

    [Fact]
    public async Task Status_shows_phase_step_weight_versions_analysis_and_events()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value));
        using (var client = cp.CreateAdminClient())
        {
            await client.CreateAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = "iris.canary", NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference { ApiVersion = ModelDeployment.GroupVersion, Kind = ModelDeployment.KindName, Name = "iris", NamespaceProperty = ns, Uid = md.Metadata.Uid },
                Reason = "WeightSet",
                Message = "canary v2 weight set to 20%",
                Type = "Normal",
                FirstTimestamp = DateTime.UtcNow,
                LastTimestamp = DateTime.UtcNow,
                Count = 1,
                Source = new V1EventSource { Component = "model-rollouts" },
            }, CancellationToken.None);
        }

        var run = await Mdep("status", "iris");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        var o = run.Output;
        Line(o, "Phase:").ShouldBe(["Phase:", "Progressing"]);
        Line(o, "Step:").ShouldBe(["Step:", "2/5"]);
        Line(o, "Weight:").ShouldBe(["Weight:", "canary", "20%", "/", "stable", "80%"]);
        Line(o, "Stable:").ShouldBe(["Stable:", "v1", "(revision", "5f6d7c)"]);
        Line(o, "Canary:").ShouldBe(["Canary:", "v2", "(revision", "8a9b0c)"]);
        o.ShouldContain("Analysis: canary step 2 of v2: Running (rounds 2: 1 successful, 1 failed, 0 inconclusive)");
        Line(o, "error-rate").ShouldBe(["error-rate", "1", "1", "0", "0", "0.0123", "Successful,", "0.3125", "Failed"]);
        Line(o, "latency-p99").ShouldBe(["latency-p99", "2", "0", "0", "0", "41.5", "Successful"]);
        Line(o, "Progressing").ShouldContain("RolloutProgressing");
        o.ShouldContain("WeightSet");
        o.ShouldContain("canary v2 weight set to 20%");
    }

    [Fact]
    public async Task Status_timeout_exits_0_when_Healthy()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, new ModelDeploymentStatus { ObservedGeneration = md.Metadata.Generation, Phase = RolloutPhase.Healthy, StableVersion = "v2", Message = "v2 serves all traffic" });

        var run = await Mdep("status", "iris", "--timeout", "1m");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        run.Output.ShouldContain("modeldeployment iris: Healthy (v2 serves all traffic)");
    }

    [Fact]
    public async Task Status_timeout_exits_Degraded_with_the_message_after_a_rollback()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, new ModelDeploymentStatus { ObservedGeneration = md.Metadata.Generation, Phase = RolloutPhase.Degraded, StableVersion = "v1", Message = "rolled back v2: error-rate 0.31 > 0.05" });

        var run = await Mdep("status", "iris", "--timeout", "1m");

        run.ExitCode.ShouldBe(ExitCodes.Degraded);
        run.Error.ShouldContain("modeldeployment iris: Degraded: rolled back v2: error-rate 0.31 > 0.05");
    }

    [Fact]
    public async Task Status_timeout_exits_TimedOut_while_the_rollout_keeps_progressing()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value));

        var run = await Mdep("status", "iris", "--timeout", "2s", "--interval", "500ms");

        run.ExitCode.ShouldBe(ExitCodes.TimedOut);
        run.Error.ShouldContain("still Progressing after 2s");
    }

    [Fact]
    public async Task Status_timeout_does_not_trust_a_Healthy_phase_of_an_older_generation()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, new ModelDeploymentStatus { ObservedGeneration = md.Metadata.Generation - 1, Phase = RolloutPhase.Healthy });

        var run = await Mdep("status", "iris", "--timeout", "2s", "--interval", "500ms");

        run.ExitCode.ShouldBe(ExitCodes.TimedOut);
    }

    [Fact]
    public async Task Status_timeout_returns_when_the_operator_reports_Healthy()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value));

        var waiting = Mdep("status", "iris", "--timeout", "2m", "--interval", "200ms");
        await ClusterState.SetStatusAsync(cp, md, new ModelDeploymentStatus { ObservedGeneration = md.Metadata.Generation, Phase = RolloutPhase.Healthy, StableVersion = "v2" });
        var run = await waiting;

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        run.Output.ShouldContain("modeldeployment iris: Healthy");
    }

    [Fact]
    public async Task Status_watch_prints_again_when_the_status_changes()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value));

        var watching = Mdep("status", "iris", "--watch", "--timeout", "2m", "--interval", "200ms");
        await ClusterState.SetStatusAsync(cp, md, ClusterState.Progressing(md.Metadata.Generation!.Value) with { CanaryWeight = 50, CurrentStepIndex = 2 });
        await ClusterState.SetStatusAsync(cp, md, new ModelDeploymentStatus { ObservedGeneration = md.Metadata.Generation, Phase = RolloutPhase.Healthy, StableVersion = "v2" });
        var run = await watching;

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        run.Output.Split('\n').Count(l => l.TrimStart().StartsWith("Phase:", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        run.Output.ShouldContain("Healthy");
    }

    [Theory]
    [InlineData(new[] { "promote" }, "promote")]
    [InlineData(new[] { "promote", "--full" }, "promote-full")]
    [InlineData(new[] { "abort" }, "abort")]
    [InlineData(new[] { "retry" }, "retry")]
    [InlineData(new[] { "pause" }, "pause")]
    [InlineData(new[] { "resume" }, "resume")]
    public async Task Actions_set_the_annotation_the_operator_consumes(string[] command, string expected)
    {
        await ClusterState.CreateAsync(cp, ns, "iris");

        var run = await Mdep([.. command, "iris"]);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        run.Output.ShouldContain($"modeldeployment.ml.rollouts.dev/iris {expected} requested");
        using var client = cp.CreateAdminClient();
        var md = await client.GetAsync<ModelDeployment>(ns, "iris", CancellationToken.None);
        md!.Metadata.Annotations![ModelDeploymentAnnotations.Action].ShouldBe(expected);
    }

    [Fact]
    public async Task Action_keeps_other_annotations()
    {
        await ClusterState.CreateAsync(cp, ns, "iris");
        using var client = cp.CreateAdminClient();
        await client.MergePatchAsync<ModelDeployment>(ns, "iris", new { metadata = new { annotations = new Dictionary<string, string> { ["team"] = "ml" } } }, CancellationToken.None);

        (await Mdep("pause", "iris")).ExitCode.ShouldBe(ExitCodes.Ok);

        var md = await client.GetAsync<ModelDeployment>(ns, "iris", CancellationToken.None);
        md!.Metadata.Annotations!["team"].ShouldBe("ml");
        md.Metadata.Annotations[ModelDeploymentAnnotations.Action].ShouldBe("pause");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("promote")]
    [InlineData("history")]
    [InlineData("get")]
    public async Task Missing_modeldeployment_is_a_clear_error(string verb)
    {
        var run = await Mdep(verb, "nope");
        run.ExitCode.ShouldBe(ExitCodes.Error);
        run.Error.ShouldContain($"modeldeployment \"nope\" not found in namespace {ns}");
    }

    [Fact]
    public async Task History_lists_finished_rollouts()
    {
        var md = await ClusterState.CreateAsync(cp, ns, "iris");
        await ClusterState.SetStatusAsync(cp, md, new ModelDeploymentStatus
        {
            ObservedGeneration = md.Metadata.Generation,
            Phase = RolloutPhase.Healthy,
            History =
            [
                new HistoryEntry { Version = "v3", Revision = "c3", Result = "Aborted", Time = DateTimeOffset.Parse("2026-11-21T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture), Message = "error-rate 0.31 > 0.05" },
                new HistoryEntry { Version = "v2", Revision = "b2", Result = "Completed", Time = DateTimeOffset.Parse("2026-11-20T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture) },
            ],
        });

        var run = await Mdep("history", "iris");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.Error);
        Line(run.Output, "2026-11-21").ShouldBe(["2026-11-21", "10:05:00Z", "v3", "c3", "Aborted", "error-rate", "0.31", ">", "0.05"]);
        Line(run.Output, "2026-11-20").ShouldBe(["2026-11-20", "09:00:00Z", "v2", "b2", "Completed", "-"]);
    }

    [Fact]
    public async Task Bad_timeout_is_a_usage_error()
    {
        var run = await Mdep("status", "iris", "--timeout", "soon");
        run.ExitCode.ShouldBe(ExitCodes.Usage);
        run.Error.ShouldContain("'soon' is not a duration");
    }

    [Fact]
    public async Task Unreadable_kubeconfig_is_a_clear_error()
    {
        var run = await MdepRun.RunAsync("--kubeconfig", "/nonexistent/kubeconfig", "get");
        run.ExitCode.ShouldBe(ExitCodes.Error);
        run.Error.ShouldContain("/nonexistent/kubeconfig");
    }
}
