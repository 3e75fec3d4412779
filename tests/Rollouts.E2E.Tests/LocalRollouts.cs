using Rollouts.Testing;

namespace Rollouts.E2E.Tests;

/// <summary>What the tests that drive a <c>LocalEnvironment</c> by hand share: waiting for a condition, the Iris manifest.</summary>
internal static class LocalRollouts
{
    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds; fails the test when it has not within 2 minutes.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 2 minutes");
            await Task.Delay(250, ct);
        }
    }

    /// <summary>
    /// ModelDeployment <c>iris</c> in <paramref name="ns"/> at <paramref name="version"/> of the sample model
    /// <paramref name="model"/> (e.g. <c>iris-v1</c>), 2 replicas, and <paramref name="strategy"/>: the rest of the
    /// spec as YAML, indented by 2 spaces (e.g. <c>  strategy:</c>…).
    /// </summary>
    public static string IrisManifest(string ns, string version, string model, string strategy) => $"""
        apiVersion: ml.rollouts.dev/v1alpha1
        kind: ModelDeployment
        metadata:
          name: iris
          namespace: {ns}
        spec:
          model:
            name: iris
            version: "{version}"
            uri: "file://{RepositoryPaths.Root}/samples/models/{model}/model.onnx"
          serving:
            replicas: 2

        """ + strategy;
}
