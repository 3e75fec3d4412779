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

    /// <summary>The short windows of <see cref="ServingAnalysisTests"/>, error rate only.</summary>
    private static readonly AnalysisSpec Spec = ServingAnalysisTests.Spec with { Latency = null, Drift = null, Metrics = [] };

    [Fact]
    public async Task Two_revisions_of_the_same_version_are_measured_apart()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        // A new revision (another model file) under the same version string: the canary is broken, the stable healthy.
        var canaryTarget = new AnalysisTarget(ns, "iris", "iris", "2.0.0", "2.0.0", "canary step 1", "bbbbbbbb01", "aaaaaaaa01");
        var stableTarget = canaryTarget with { Revision = "aaaaaaaa01", StableRevision = null, StableVersion = null };

        await AssertMeasuredApartAsync(canaryTarget, "iris-broken", stableTarget, "iris-v2");
    }

    [Fact]
    public async Task Two_ModelDeployments_serving_the_same_model_and_version_are_measured_apart()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var brokenTarget = new AnalysisTarget(ns, "iris-b", "iris", "2.0.0", null, "canary step 1", "cccccccc01", null);
        var healthyTarget = new AnalysisTarget(ns, "iris-a", "iris", "2.0.0", null, "canary step 1", "cccccccc01", null);

        await AssertMeasuredApartAsync(brokenTarget, "iris-broken", healthyTarget, "iris-v2");
    }

    private async Task<ServingProcess> StartScrapedAsync(RevisionSeries series, string model)
    {
        var server = await ServingProcess.StartAsync(model, series.Model, series.Version, ServingAnalysisTests.SeriesOf(series));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(server.HostPort, series.Namespace, $"{series.Deployment}-{series.Revision}-0"));
        return server;
    }

    /// <summary>
    /// Serves <paramref name="failingModel"/> as <paramref name="failing"/> and <paramref name="healthyModel"/> as
    /// <paramref name="healthy"/>, each with its own traffic, and runs both analyses at once: the failing revision fails
    /// on its own error rate (iris-broken answers about a third of the Iris rows with 500), the healthy one measures
    /// exactly 0. Both share namespace, model_name and model_version, so a query that selects only those (as before
    /// issue 12) sees the 5xx of both in each.
    /// </summary>
    private async Task AssertMeasuredApartAsync(AnalysisTarget failing, string failingModel, AnalysisTarget healthy, string healthyModel)
    {
        await using var failingServer = await StartScrapedAsync(failing.Series, failingModel);
        await using var healthyServer = await StartScrapedAsync(healthy.Series, healthyModel);
        await using var failingTraffic = Traffic.Start(failingServer);
        await using var healthyTraffic = Traffic.Start(healthyServer);
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
        failingTraffic.Statuses.Keys.ShouldContain(HttpStatusCode.InternalServerError);
        healthyTraffic.Statuses.Keys.ShouldBe([HttpStatusCode.OK]);
    }
}
