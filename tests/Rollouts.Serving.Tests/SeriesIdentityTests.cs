using Microsoft.Extensions.Configuration;
using Rollouts.Serving.Hosting;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// --model-deployment / --model-revision (constant labels on every series) and --drain-seconds: defaults, both
/// sources, bad values named; and a real server's /metrics carrying the labels on every family.
/// </summary>
public sealed class SeriesIdentityTests
{
    private static ServingOptions? Read(out IReadOnlyList<string> errors, params (string Key, string Value)[] values) =>
        ServingOptionsReader.Read(
            new ConfigurationBuilder().AddInMemoryCollection(
                values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)).Append(new("model-name", "iris")).Append(new("model-uri", "m.onnx"))).Build(),
            out errors);

    [Fact]
    public void Without_the_switches_no_identity_labels_and_a_5_second_drain()
    {
        var options = Read(out _).ShouldNotBeNull();
        options.Identity.Labels().ShouldBeEmpty();
        options.Drain.DrainSeconds.ShouldBe(5);
        options.Drain.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Switches_and_variables_give_the_labels_and_the_drain()
    {
        var options = Read(out _, ("model-deployment", "iris-prod"), ("SERVING_MODEL_REVISION", "5f0c2d9e1a"), ("SERVING_DRAIN_SECONDS", "0")).ShouldNotBeNull();
        options.Identity.Labels().ShouldBe(new Dictionary<string, string> { ["model_deployment"] = "iris-prod", ["model_revision"] = "5f0c2d9e1a" });
        options.Drain.Drain.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("model-revision", "a\"b", "--model-revision (SERVING_MODEL_REVISION): expected a Kubernetes name or label value")]
    [InlineData("model-deployment", "-iris", "--model-deployment (SERVING_MODEL_DEPLOYMENT): expected a Kubernetes name or label value")]
    [InlineData("drain-seconds", "3601", "--drain-seconds (SERVING_DRAIN_SECONDS): expected an integer from 0 to 3600, got '3601'")]
    [InlineData("drain-seconds", "5s", "--drain-seconds (SERVING_DRAIN_SECONDS): expected an integer from 0 to 3600, got '5s'")]
    public void Bad_values_are_named(string key, string value, string expected)
    {
        Read(out var errors, (key, value)).ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    [Fact]
    public async Task A_real_server_labels_every_series_with_its_ModelDeployment_and_revision()
    {
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2.0.0", ["--model-deployment", "iris-prod", "--model-revision", "5f0c2d9e1a"]);
        (await server.InferAsync(ServingProcess.IrisRows[0])).ShouldBe(System.Net.HttpStatusCode.OK);

        var samples = (await server.MetricsAsync()).Split('\n').Where(l => l.StartsWith("model_", StringComparison.Ordinal)).ToList();

        samples.ShouldNotBeEmpty();
        samples.ShouldAllBe(l => l.Contains("model_deployment=\"iris-prod\"") && l.Contains("model_revision=\"5f0c2d9e1a\""));
        samples.ShouldContain(l => l.StartsWith("model_inference_requests_total{", StringComparison.Ordinal) && l.Contains("code=\"200\""));
    }
}
