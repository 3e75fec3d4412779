using System.Net;
using Rollouts.Analysis.Queries;
using Rollouts.Api.Analysis;
using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// Issue 12 item 2, against a real Prometheus scraping real serving processes: the built-in queries measure one
/// revision of one ModelDeployment, so a new revision with the same version string, or another ModelDeployment serving
/// the same model and version in the namespace, never mixes its series in. The servers get the arguments the
/// operator renders (<c>--model-deployment</c>, <c>--model-revision</c>).
/// </summary>
public sealed class RevisionScopedAnalysisTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly AnalysisSpec Spec = new()
    {
        Interval = "2s", Window = "15s", Count = 3, FailureLimit = 1, InconclusiveLimit = 2, ConsecutiveErrorLimit = 2, MinSamples = 20,
        ErrorRate = new ErrorRateCheck { Max = 0.05 },
    };

    [Fact]
    public async Task Two_revisions_of_the_same_version_are_measured_apart()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        // A new revision (another model file) under the same version string: the canary is broken, the stable healthy.
        var canaryTarget = new AnalysisTarget(ns, "iris", "iris", "2.0.0", "2.0.0", "canary step 1", "bbbbbbbb01", "aaaaaaaa01");
        var stableTarget = canaryTarget with { Revision = "aaaaaaaa01", StableRevision = null, StableVersion = null };

        var (canary, stable) = await StartPairAsync(ns, canaryTarget.Series, "iris-broken", stableTarget.Series, "iris-v2");
        await using var _ = canary;
        await using var __ = stable;
        await using var canaryTraffic = Traffic.Start(canary);
        await using var stableTraffic = Traffic.Start(stable);

        await AssertMeasuredApartAsync(canaryTarget, stableTarget);
        canaryTraffic.Statuses.Keys.ShouldContain(HttpStatusCode.InternalServerError);
        stableTraffic.Statuses.Keys.ShouldBe([HttpStatusCode.OK]);
    }

    [Fact]
    public async Task Two_ModelDeployments_serving_the_same_model_and_version_are_measured_apart()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var brokenTarget = new AnalysisTarget(ns, "iris-b", "iris", "2.0.0", null, "canary step 1", "cccccccc01", null);
        var healthyTarget = new AnalysisTarget(ns, "iris-a", "iris", "2.0.0", null, "canary step 1", "cccccccc01", null);

        var (broken, healthy) = await StartPairAsync(ns, brokenTarget.Series, "iris-broken", healthyTarget.Series, "iris-v2");
        await using var _ = broken;
        await using var __ = healthy;
        await using var brokenTraffic = Traffic.Start(broken);
        await using var healthyTraffic = Traffic.Start(healthy);

        await AssertMeasuredApartAsync(brokenTarget, healthyTarget);
    }

    private async Task<(ServingProcess Failing, ServingProcess Healthy)> StartPairAsync(
        string ns, RevisionSeries failingSeries, string failingModel, RevisionSeries healthySeries, string healthyModel)
    {
        var failing = await ServingProcess.StartAsync(failingModel, failingSeries.Model, failingSeries.Version, ServingAnalysisTests.SeriesOf(failingSeries));
        var healthy = await ServingProcess.StartAsync(healthyModel, healthySeries.Model, healthySeries.Version, ServingAnalysisTests.SeriesOf(healthySeries));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(failing.HostPort, ns, $"{failingSeries.Deployment}-{failingSeries.Revision}-0"));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(healthy.HostPort, ns, $"{healthySeries.Deployment}-{healthySeries.Revision}-0"));
        return (failing, healthy);
    }

    /// <summary>
    /// Runs both analyses at once: the failing revision fails on its own error rate (iris-broken answers about a third
    /// of the Iris rows with 500), the healthy one measures exactly 0. Both series share namespace, model_name and
    /// model_version, so a query that selects only those (as before issue 12) sees the 5xx of both in each.
    /// </summary>
    private async Task AssertMeasuredApartAsync(AnalysisTarget failing, AnalysisTarget healthy)
    {
        await prometheus.Server.WaitForAsync(BuiltInQueries.Samples(failing.Series, Spec.Window), v => v >= 50, Patience);
        await prometheus.Server.WaitForAsync(BuiltInQueries.Samples(healthy.Series, Spec.Window), v => v >= 50, Patience);
        var mixed = $"model_inference_requests_total{{namespace={PromQl.Quote(failing.Namespace)},model_name=\"iris\",model_version=\"2.0.0\"}}";
        (await prometheus.Server.QueryValuesAsync($"count(count by (instance) ({mixed}))")).ShouldBe([2], "both servers' series share namespace, model_name and model_version");

        var failingRun = AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), failing, Spec, Patience);
        var healthyRun = AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), healthy, Spec, Patience);
        var (failed, _) = await failingRun;
        var (passed, _) = await healthyRun;

        failed.Phase.ShouldBe(AnalysisPhase.Failed, failed.Message);
        failed.Checks.Single(c => c.Name == "errorRate").Measurements[^1].Value.ShouldNotBeNull().ShouldBeInRange(0.15, 0.5);
        passed.Phase.ShouldBe(AnalysisPhase.Successful, passed.Message);
        var healthyErrorRate = passed.Checks.Single(c => c.Name == "errorRate");
        healthyErrorRate.Measurements.ShouldAllBe(m => m.Value == 0);
        healthyErrorRate.Measurements[^1].Query.ShouldContain($"model_deployment=\"{healthy.DeploymentName}\",model_revision=\"{healthy.Revision}\"");
    }
}
