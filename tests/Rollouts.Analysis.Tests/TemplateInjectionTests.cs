using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Analysis.Prometheus;
using Rollouts.Analysis.Queries;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

/// <summary>Injection attempts in template values, evaluated by a real Prometheus: they stay string literals.</summary>
public sealed class TemplateInjectionTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private const string Template = "sum(up{namespace=\"{{version}}\"})";

    private PrometheusClient Client() => new(new HttpClient(), new PrometheusClientOptions { Address = prometheus.Server.Address },
        TimeProvider.System, NullLogger<PrometheusClient>.Instance);

    private Task<QueryResult> Query(string query) => Client().QueryAsync(query, DateTimeOffset.UtcNow, CancellationToken.None);

    private static TemplateValues WithVersion(string version) => new("team-a", "iris", "iris", version, "", "1m", "5f0c2d9e1a", "");

    [Fact]
    public async Task A_plain_value_matches_the_series()
    {
        var result = await Query(QueryTemplate.Render(Template, WithVersion("monitoring")));
        (result.Outcome, result.Value).ShouldBe((QueryOutcome.Number, 1.0));
    }

    [Theory]
    [InlineData("\"}) or vector(1) or sum(up{x=\"")]
    [InlineData("\"} or vector(1) or {x=\"")]
    [InlineData("monitoring\\\"}) or vector(1) or sum(up{x=\\\"")]
    [InlineData("monitoring\"}\n) or vector(1) #")]
    public async Task An_injection_attempt_stays_a_literal_and_matches_nothing(string hostile)
    {
        var result = await Query(QueryTemplate.Render(Template, WithVersion(hostile)));
        result.Outcome.ShouldBe(QueryOutcome.Empty, result.ToString());
    }

    [Fact]
    public async Task Naive_substitution_would_have_been_injected()
    {
        // Control: without escaping, the first value above turns the query into "... or vector(1)".
        var naive = Template.Replace("{{version}}", "\"}) or vector(1) or sum(up{x=\"", StringComparison.Ordinal);
        var result = await Query(naive);
        (result.Outcome, result.Value).ShouldBe((QueryOutcome.Number, 1.0));
    }

    [Fact]
    public async Task Through_the_runner_an_injected_custom_check_is_Inconclusive_not_Successful()
    {
        var runner = new AnalysisRunner(Client(), TimeProvider.System, NullAnalysisMetrics.Instance, NullLogger<AnalysisRunner>.Instance);
        var spec = new AnalysisSpec
        {
            MinSamples = 0, Count = 1,
            Metrics = [new MetricCheck { Name = "injected", Query = Template, Min = 1 }],
        };
        var target = new AnalysisTarget("team-a", "iris", "iris", "\"} or vector(1) or {x=\"", null, "canary step 1", "5f0c2d9e1a", null);

        var status = await runner.AdvanceAsync(target, spec, null, CancellationToken.None);

        var m = status.Checks.ShouldHaveSingleItem().Measurements.ShouldHaveSingleItem();
        m.Verdict.ShouldBe(MeasurementVerdict.Inconclusive);
        m.Message.ShouldBe("injected: no data (empty result)");
        m.Query.ShouldBe("sum(up{namespace=\"\\\"} or vector(1) or {x=\\\"\"})");
    }
}
