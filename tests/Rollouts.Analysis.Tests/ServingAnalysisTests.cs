using System.Net;
using Rollouts.Api.Analysis;
using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// End to end: real serving-image processes serving the sample models, real Iris traffic, a real Prometheus scraping
/// them through Kubernetes-style relabeling, and the analysis runner judging the result.
/// </summary>
public sealed class ServingAnalysisTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Short windows so that the suite runs in minutes; limits low so that each case ends in a few rounds.</summary>
    internal static readonly AnalysisSpec Spec = new()
    {
        Interval = "2s", Window = "15s", Count = 3, FailureLimit = 1, InconclusiveLimit = 2, ConsecutiveErrorLimit = 2, MinSamples = 20,
        ErrorRate = new ErrorRateCheck { Max = 0.05 },
        Latency = new LatencyCheck { Quantile = 0.5, MaxMilliseconds = 2000 },
        Drift = new DriftCheck { MaxPsi = 0.2 },
        Metrics =
        [
            new MetricCheck
            {
                Name = "ok-rate",
                Query = "sum(rate(model_inference_requests_total{namespace=\"{{namespace}}\",model_name=\"{{model}}\",model_version=\"{{version}}\",code=\"200\"}[{{window}}]))",
                Min = 1,
            },
        ],
    };

    private async Task<(ServingProcess Server, AnalysisTarget Target)> StartScrapedAsync(string model, string version, params string[] extraArgs)
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var target = new AnalysisTarget(ns, "iris", "iris", version, "1.0.0", "canary step 1", "c0ffee0001", "5ab1e00001");
        var server = await ServingProcess.StartAsync(model, "iris", version, [.. SeriesOf(target.Series), .. extraArgs]);
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(server.HostPort, ns, $"iris-{version}-0"));
        return (server, target);
    }

    /// <summary>The arguments the operator renders so that a server's series carry its ModelDeployment and revision.</summary>
    internal static string[] SeriesOf(Queries.RevisionSeries series) => ["--model-deployment", series.Deployment, "--model-revision", series.Revision];

    /// <summary>Waits until Prometheus counts at least <paramref name="samples"/> requests of the target in the window.</summary>
    private Task WaitForSamplesAsync(AnalysisTarget target, double samples) =>
        prometheus.Server.WaitForAsync(
            Queries.BuiltInQueries.Samples(target.Series, Spec.Window),
            v => v >= samples, Patience);

    [Fact]
    public async Task Iris_v2_with_real_traffic_passes_every_check()
    {
        var (server, target) = await StartScrapedAsync("iris-v2", "2.0.0");
        await using var _ = server;
        await using var traffic = Traffic.Start(server);
        await WaitForSamplesAsync(target, 300);

        var (status, phases) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, Spec, Patience);

        status.Phase.ShouldBe(AnalysisPhase.Successful, status.Message);
        phases.ShouldBe([AnalysisPhase.Running, AnalysisPhase.Running, AnalysisPhase.Successful]);
        status.Checks.Select(c => c.Name).ShouldBe(["samples", "errorRate", "latency", "drift", "ok-rate"]);
        status.Checks.ShouldAllBe(c => c.Successes == 3);
        status.Checks.Single(c => c.Name == "errorRate").Measurements[^1].Value.ShouldBe(0);
        traffic.Statuses.Keys.ShouldBe([HttpStatusCode.OK]);
    }

    [Fact]
    public async Task Iris_broken_fails_on_error_rate()
    {
        var (server, target) = await StartScrapedAsync("iris-broken", "3.0.0-broken");
        await using var _ = server;
        await using var traffic = Traffic.Start(server);
        await WaitForSamplesAsync(target, 50);

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, Spec with { Drift = null }, Patience);

        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        status.Message.ShouldStartWith("2 failed rounds > failureLimit 1: errorRate 0.");
        status.Message.ShouldContain("> max 0.05 (query: (sum(rate(model_inference_requests_total{namespace=");
        var errorRate = status.Checks.Single(c => c.Name == "errorRate").Measurements[^1].Value.ShouldNotBeNull();
        errorRate.ShouldBeInRange(0.15, 0.5);
        traffic.Statuses.Keys.ShouldContain(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Compared_to_a_healthy_stable_the_broken_canary_fails()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var target = new AnalysisTarget(ns, "iris", "iris", "3.0.0-canary", "1.0.0-stable", "canary step 1", "c0ffee0002", "5ab1e00002");
        await using var stable = await ServingProcess.StartAsync("iris-v2", "iris", "1.0.0-stable", SeriesOf(target.StableSeries!));
        await using var canary = await ServingProcess.StartAsync("iris-broken", "iris", "3.0.0-canary", SeriesOf(target.Series));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(stable.HostPort, ns, "iris-stable-0"));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(canary.HostPort, ns, "iris-canary-0"));
        await using var stableTraffic = Traffic.Start(stable);
        await using var canaryTraffic = Traffic.Start(canary);
        await WaitForSamplesAsync(target, 50);
        await WaitForSamplesAsync(target with { Version = "1.0.0-stable", Revision = "5ab1e00002" }, 50);
        var spec = Spec with
        {
            Drift = null, Metrics = [], CompareToStable = true, ErrorRate = new ErrorRateCheck { Max = 0.5 },
            StableTolerance = new StableTolerance { ErrorRate = 0.05, LatencyMilliseconds = 1000 },
        };

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, spec, Patience);

        // The canary's ~30 % is under the absolute max 0.5 but far above the stable's 0 + 0.05.
        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        status.Message.ShouldContain("(stable 0 + tolerance 0.05)");
        status.Checks.Single(c => c.Name == "latency").Failures.ShouldBe(0);
    }

    [Fact]
    public async Task Iris_slow_fails_on_latency()
    {
        var (server, target) = await StartScrapedAsync("iris-slow", "2.0.0-slow");
        await using var _ = server;
        // Batches of 64 real rows (the server's --max-batch-size): iris-slow's wide identity layers then take
        // tens of milliseconds per request, iris-v2 about one.
        await using var traffic = Traffic.Start(server, rowsPerRequest: 64);
        await WaitForSamplesAsync(target, 20);
        var spec = Spec with { Drift = null, Latency = new LatencyCheck { Quantile = 0.9, MaxMilliseconds = 5 } };

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, spec, Patience);

        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        status.Message.ShouldStartWith("2 failed rounds > failureLimit 1: latency ");
        status.Message.ShouldContain("> max 5 (query: histogram_quantile(0.9, sum by (le) (rate(model_inference_request_duration_seconds_bucket{");
        status.Checks.Single(c => c.Name == "errorRate").Failures.ShouldBe(0);
        traffic.Statuses.Keys.ShouldBe([HttpStatusCode.OK]);
    }

    [Fact]
    public async Task Inputs_shifted_away_from_the_baseline_fail_on_drift()
    {
        var (server, target) = await StartScrapedAsync("iris-v2", "2.0.0-drift", "--drift-window", "200");
        await using var _ = server;
        // Every measurement 2.5 cm longer: beyond the baseline's upper edges for most features.
        await using var traffic = Traffic.Start(server, r => r.Select(v => v + 2.5f).ToArray());
        await WaitForSamplesAsync(target, 100);

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, Spec, Patience);

        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        var drift = status.Checks.Single(c => c.Name == "drift");
        drift.Failures.ShouldBeGreaterThanOrEqualTo(2);
        drift.Measurements[^1].Message.ShouldContain("> max 0.2");
        status.Checks.Single(c => c.Name == "errorRate").Failures.ShouldBe(0);
    }

    [Fact]
    public async Task A_canary_without_traffic_is_Inconclusive_not_Failed()
    {
        var (server, target) = await StartScrapedAsync("iris-v2", "2.0.0-idle");
        await using var _ = server;

        var (status, phases) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, Spec, Patience);

        status.Phase.ShouldBe(AnalysisPhase.Inconclusive, status.Message);
        phases.ShouldNotContain(AnalysisPhase.Failed);
        status.FailedRounds.ShouldBe(0);
        status.InconclusiveRounds.ShouldBe(3);
        status.Message.ShouldStartWith("3 inconclusive rounds > inconclusiveLimit 2: samples");
        status.Checks.ShouldAllBe(c => c.Failures == 0);
    }

    [Fact]
    public async Task Prometheus_stopped_mid_analysis_gives_Error_rounds_then_an_Error_run_never_Successful()
    {
        await using var own = await PrometheusServer.StartAsync();
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var target = new AnalysisTarget(ns, "iris", "iris", "2.0.0-outage", "1.0.0", "canary step 1", "c0ffee0003", "5ab1e00003");
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2.0.0-outage", SeriesOf(target.Series));
        await own.SetTargetsAsync([new PrometheusScrapeTarget(server.HostPort, ns, "iris-outage-0")]);
        await using var traffic = Traffic.Start(server);
        await own.WaitForAsync(Queries.BuiltInQueries.Samples(target.Series, Spec.Window), v => v >= 50, Patience);
        var spec = Spec with { Count = 100, Drift = null };

        var (status, phases) = await AnalysisDriver.RunToEndAsync(
            AnalysisDriver.Runner(own.Address, TimeSpan.FromSeconds(2)), target, spec, Patience,
            async s =>
            {
                if (s.Rounds == 2)
                {
                    await own.StopAsync();
                }
            });

        own.IsRunning.ShouldBeFalse();
        status.Phase.ShouldBe(AnalysisPhase.Error, status.Message);
        phases.ShouldNotContain(AnalysisPhase.Successful);
        status.SuccessfulRounds.ShouldBe(2);
        status.ConsecutiveErrorRounds.ShouldBe(3);
        status.Message.ShouldStartWith("3 error rounds in a row > consecutiveErrorLimit 2: samples: Prometheus unreachable or failing");
        var samples = status.Checks.Single(c => c.Name == "samples").Measurements;
        samples.Select(m => m.Verdict).ShouldBe([
            MeasurementVerdict.Successful, MeasurementVerdict.Successful,
            MeasurementVerdict.Error, MeasurementVerdict.Error, MeasurementVerdict.Error]);
    }
}
