using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Integration;

[Collection(RolloutCluster.Collection)]
public sealed class ManifestTests(RolloutCluster cluster)
{
    public static TheoryData<string> Samples() => new(Directory.GetFiles(RepositoryPaths.InRepo("samples"), "iris-*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_round_trips_through_the_api_server_and_the_csharp_types(string file)
    {
        var ns = await cluster.ControlPlane.CreateNamespaceAsync("sample");
        await Kubectl.OkAsync(cluster.Kubeconfig, $"apply -n {ns} -f {RepositoryPaths.InRepo("samples/" + file)}");
        var name = (await Kubectl.OkAsync(cluster.Kubeconfig, $"get -n {ns} mdep -o name")).Trim().Split('/')[1];
        var json = await Kubectl.OkAsync(cluster.Kubeconfig, $"get -n {ns} mdep {name} -o json");
        var server = JsonNode.Parse(json)!["spec"]!;

        using var client = cluster.ControlPlane.CreateAdminClient();
        var typed = await client.GetAsync<ModelDeployment>(ns, name, CancellationToken.None);
        var roundTripped = JsonNode.Parse(KubernetesJson.Serialize(typed!.Spec!))!;
        JsonNode.DeepEquals(Normalize(server), Normalize(roundTripped)).ShouldBeTrue($"server:\n{server}\nC#:\n{roundTripped}");
        SpecValidator.Validate(typed.Spec!, OperatorInstance.Image).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("strategy: {canary: {steps: []}, blueGreen: {}}", "must validate one and only one schema")]
    [InlineData("strategy: {canary: {steps: [{setWeight: 150}]}}", "should be less than or equal to 100")]
    [InlineData("strategy: {canary: {steps: [{pause: {duration: soon}}]}}", "should match '^([0-9]+(ms|s|m|h))+$'")]
    [InlineData("strategy: {canary: {steps: [{setWeight: 5, pause: {}}]}}", "spec.strategy.canary.steps")]
    [InlineData("strategy: {}", "spec.strategy")]
    [InlineData("strategy: {blueGreen: {}}\n  trafficRouting: {gatewayAPI: {httpRoute: r, parentRefs: [{name: g}]}}", "spec.trafficRouting.gatewayAPI")]
    [InlineData("strategy: {blueGreen: {previewReplicas: -1}}", "spec.strategy.blueGreen.previewReplicas")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {autoscaling: {minReplicas: 0, maxReplicas: 3}}", "should be greater than or equal to 1")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {autoscaling: {minReplicas: 2}}", "missing required field \"maxReplicas\"")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {autoscaling: {maxReplicas: 3, targetCPUUtilizationPercentage: 150}}", "should be less than or equal to 100")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {s3: {endpoint: 'minio:9000'}}", "should match '^https?://'")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {auth: {apiKeys: {key: k}}}", "missing required field \"secretName\"")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {auth: {apiKeys: {secretName: Not_A_Secret}}}", "spec.serving.auth.apiKeys.secretName")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {auth: {jwt: {issuer: i, signingKeys: {secretName: s}}}}", "missing required field \"audience\"")]
    [InlineData("strategy: {blueGreen: {}}\n  serving: {grpc: 'yes'}", "ModelDeployment.spec.serving.grpc")]
    public async Task Invalid_manifests_are_rejected_by_the_api_server_with_clear_messages(string strategy, string expected)
    {
        var ns = await cluster.ControlPlane.CreateNamespaceAsync("invalid");
        var manifest = $"""
            apiVersion: ml.rollouts.dev/v1alpha1
            kind: ModelDeployment
            metadata: {"{"}name: bad{"}"}
            spec:
              model: {"{"}name: iris, version: "1", uri: "file:///m.onnx"{"}"}
              {strategy}
            """;
        var (code, output) = await Kubectl.RunAsync(cluster.Kubeconfig, $"apply -n {ns} -f -", manifest);
        code.ShouldNotBe(0, output);
        output.ShouldContain(expected);
    }

    [Fact]
    public async Task A_spec_the_schema_lets_through_but_the_operator_cannot_use_is_reported_as_InvalidSpec()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "invalidspec");
        await s.ApplyAsync("iris", Planning.Specs.Canary("1.0.0", Planning.Specs.Analyze()) with { Analysis = null });
        var st = await s.WaitForAsync("iris", x => Conditions.IsTrue(x.Conditions, ConditionTypes.InvalidSpec), "InvalidSpec");
        st.Phase.ShouldBe(RolloutPhase.Degraded);
        Conditions.Find(st.Conditions, ConditionTypes.InvalidSpec)!.Message.ShouldBe("spec.analysis is required by the analysis steps of spec.strategy");
        (await s.DeploymentReplicasAsync()).ShouldBeEmpty();
        (await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.InvalidSpec), "InvalidSpec")).ShouldContain(e => e.Reason == RolloutReasons.InvalidSpec && e.Type == "Warning");
    }

    /// <summary>A copy without empty arrays: an absent list and an empty one mean the same (the C# records default lists to []).</summary>
    private static JsonNode Normalize(JsonNode node)
    {
        var copy = JsonNode.Parse(node.ToJsonString())!;
        Strip(copy);
        return copy;
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Where(p => p.Value is JsonArray { Count: 0 }).Select(p => p.Key).ToList())
            {
                o.Remove(key);
            }

            foreach (var (_, v) in o)
            {
                Strip(v);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a)
            {
                Strip(v);
            }
        }
    }
}
