using System.Text;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Shadow;

namespace Rollouts.Serving.Tests;

/// <summary>The shadow configuration file's checks (seams S1) and the comparison modes (seams S2).</summary>
public sealed class ShadowConfigTests
{
    [Theory]
    [InlineData("http://iris-canary.rollouts-demo.svc:8080")]
    [InlineData("https://iris-canary.rollouts-demo.svc.cluster.local")]
    [InlineData("http://IRIS.NS.SVC:8080/")]
    public void An_in_cluster_service_url_is_accepted(string url)
    {
        var config = Parse($$"""{"percent": 10, "targetUrl": "{{url}}", "targetRevision": "abc", "compare": "Argmax", "tolerance": 0.01}""", out var error);
        config.ShouldNotBeNull(error);
        config.Percent.ShouldBe(10);
        config.Compare.ShouldBe(CompareMode.Argmax);
        config.Tolerance.ShouldBe(0.01);
    }

    [Theory]
    [InlineData("""{"percent": 10, "targetUrl": "http://attacker.example.com", "targetRevision": "abc"}""", "allowed suffix")]
    [InlineData("""{"percent": 10, "targetUrl": "http://svc.evil.com/x.svc", "targetRevision": "abc"}""", "allowed suffix")]
    [InlineData("""{"percent": 10, "targetUrl": "http://user:pw@iris.ns.svc", "targetRevision": "abc"}""", "userinfo")]
    [InlineData("""{"percent": 10, "targetUrl": "ftp://iris.ns.svc", "targetRevision": "abc"}""", "http or https")]
    [InlineData("""{"percent": 10, "targetUrl": "http://.svc", "targetRevision": "abc"}""", "targetUrl")]
    [InlineData("""{"percent": 101, "targetUrl": "http://iris.ns.svc", "targetRevision": "abc"}""", "percent")]
    [InlineData("""{"percent": 10, "targetUrl": "http://iris.ns.svc"}""", "targetRevision")]
    [InlineData("""{"percent": 10, "targetUrl": "http://iris.ns.svc", "targetRevision": "abc", "compare": "Roughly"}""", "compare")]
    [InlineData("""{"percent": 10, "targetUrl": "http://iris.ns.svc", "targetRevision": "abc", "tolerance": -1}""", "tolerance")]
    [InlineData("""not json""", "not JSON")]
    public void A_foreign_or_invalid_config_is_refused_with_why(string json, string why)
    {
        Parse(json, out var error).ShouldBeNull();
        error!.ShouldContain(why);
    }

    [Fact]
    public void Label_mode_compares_integer_outputs_and_auto_picks_it_for_a_classifier()
    {
        var stable = Outputs([0, 2], [0.9, 0.05, 0.05, 0.1, 0.2, 0.7]);
        var sameLabels = Outputs([0, 2], [0.6, 0.3, 0.1, 0.2, 0.3, 0.5]);
        var otherLabel = Outputs([0, 1], [0.9, 0.05, 0.05, 0.1, 0.7, 0.2]);
        ShadowComparer.Compare(stable, sameLabels, CompareMode.Auto, 0.001).Outcome.ShouldBe(ShadowOutcome.Agree);
        ShadowComparer.Compare(stable, otherLabel, CompareMode.Label, 0.001).Outcome.ShouldBe(ShadowOutcome.Disagree);
        ShadowComparer.Compare(stable, sameLabels, CompareMode.Elementwise, 0.001).Outcome.ShouldBe(ShadowOutcome.Disagree);
        ShadowComparer.Compare(stable, sameLabels, CompareMode.Argmax, 0.001).Outcome.ShouldBe(ShadowOutcome.Agree);
        ShadowComparer.Compare(stable, otherLabel, CompareMode.Argmax, 0.001).Outcome.ShouldBe(ShadowOutcome.Disagree);
        ShadowComparer.Compare(stable, sameLabels, CompareMode.Auto, 0.001).Difference!.Value.ShouldBe(0.3, 1e-9);
    }

    [Fact]
    public void Elementwise_is_within_the_tolerance_and_a_missing_output_is_an_error()
    {
        OutputValues[] stable = [new("y", [1, 2], [1.0, 2.0], null)];
        ShadowComparer.Compare(stable, [new("y", [1, 2], [1.0005, 2.0], null)], CompareMode.Auto, 0.001).Outcome.ShouldBe(ShadowOutcome.Agree);
        ShadowComparer.Compare(stable, [new("y", [1, 2], [1.01, 2.0], null)], CompareMode.Auto, 0.001).Outcome.ShouldBe(ShadowOutcome.Disagree);
        ShadowComparer.Compare(stable, [new("y", [2, 1], [1.0, 2.0], null)], CompareMode.Auto, 0.001).Outcome.ShouldBe(ShadowOutcome.Disagree);
        ShadowComparer.Compare(stable, [new("z", [1, 2], [1.0, 2.0], null)], CompareMode.Auto, 0.001).Outcome.ShouldBe(ShadowOutcome.Error);
    }

    private static OutputValues[] Outputs(long[] labels, double[] probabilities) =>
    [
        new("label", [labels.Length], null, [.. labels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
        new("probabilities", [labels.Length, 3], probabilities, null),
    ];

    private static ShadowConfig? Parse(string json, out string? error) =>
        ShadowConfig.TryParse(Encoding.UTF8.GetBytes(json), ShadowOptions.DefaultSuffixes, out error);
}
