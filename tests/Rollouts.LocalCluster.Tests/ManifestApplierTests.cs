using Rollouts.Api;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.Testing;

namespace Rollouts.LocalCluster.Tests;

/// <summary>The demo's applier against the real API server and the real ModelDeployment CRD.</summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class ManifestApplierTests(ControlPlaneFixture fixture)
{
    private static string Manifest(string ns, string version, string checks) => $$"""
        apiVersion: ml.rollouts.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: iris, namespace: {{ns}}}
        spec:
          model: {name: iris, version: "{{version}}", uri: "file:///models/iris/model.onnx"}
          strategy:
            canary:
              steps:
                - setWeight: 20
                - analysis: {}
          analysis:
            interval: 2s
        {{checks}}
        """;

    [Fact]
    public async Task A_check_left_out_of_the_next_manifest_is_removed_although_the_server_defaulted_fields_inside_it()
    {
        var ct = CancellationToken.None;
        await fixture.ControlPlane.InstallCrdAsync(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml"), "modeldeployments.ml.rollouts.dev", ct);
        var ns = await fixture.ControlPlane.CreateNamespaceAsync("apply", ct);
        using var client = fixture.ControlPlane.CreateAdminClient();
        var applier = new ManifestApplier(client);

        // accuracy gets compareToStable and confidence from the CRD's defaults; latency its quantile.
        await applier.ApplyAsync(Manifest(ns, "2.0.0", "    errorRate: {max: 0.05}\n    latency: {maxMilliseconds: 5}\n    accuracy: {min: 0.9, minLabels: 40}"), new Dictionary<string, string>(), ct);

        // Server-side apply alone turns the removed accuracy and latency into null, which the CRD schema refuses.
        await applier.ApplyAsync(Manifest(ns, "2.1.0", "    agreement: {min: 0.95, minComparisons: 100}"), new Dictionary<string, string>(), ct);
        var mdep = (await client.GetAsync<ModelDeployment>(ns, "iris", ct))!;
        mdep.Spec!.Model.Version.ShouldBe("2.1.0");
        mdep.Spec.Analysis!.Accuracy.ShouldBeNull();
        mdep.Spec.Analysis.Latency.ShouldBeNull();
        mdep.Spec.Analysis.ErrorRate.ShouldBeNull();
        mdep.Spec.Analysis.Agreement!.MinComparisons.ShouldBe(100);

        // And the next apply, back to a check the first one had, is an ordinary server-side apply again.
        await applier.ApplyAsync(Manifest(ns, "2.2.0", "    accuracy: {min: 0.8, minLabels: 10}"), new Dictionary<string, string>(), ct);
        var last = (await client.GetAsync<ModelDeployment>(ns, "iris", ct))!.Spec!.Analysis!;
        last.Agreement.ShouldBeNull();
        last.Accuracy!.Min.ShouldBe(0.8);
    }
}
