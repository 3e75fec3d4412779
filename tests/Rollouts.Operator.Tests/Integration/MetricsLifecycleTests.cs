using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Testing;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>The per-ModelDeployment series follow the object: written while it exists, removed when it is deleted.</summary>
[Collection(RolloutCluster.Collection)]
public sealed class MetricsLifecycleTests(RolloutCluster cluster)
{
    [Fact]
    public async Task A_deleted_modeldeployment_leaves_no_series_behind()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "series");
        await s.ApplyAsync("iris", Canary("1.0.0", Weight(50)));
        await s.ApplyAsync("wine", Canary("1.0.0", Weight(50)));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "iris healthy");
        await s.WaitForAsync("wine", x => x.Phase == RolloutPhase.Healthy, "wine healthy");
        var before = await MetricsText.ExportAsync(s.Metrics.Registry);
        before.ShouldContain($"rollouts_phase{{namespace=\"{s.Namespace}\",name=\"iris\",phase=\"Healthy\"}} 1");
        before.ShouldContain($"rollouts_canary_weight{{namespace=\"{s.Namespace}\",name=\"iris\"}} 0");

        (await s.Client.DeleteAsync<ModelDeployment>(s.Namespace, "iris", null, CancellationToken.None)).ShouldBeTrue();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        string text;
        while ((text = await MetricsText.ExportAsync(s.Metrics.Registry)).Contains("name=\"iris\"", StringComparison.Ordinal))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"iris's series are still exported:\n{text}");
            await Task.Delay(100);
        }

        text.ShouldContain($"rollouts_phase{{namespace=\"{s.Namespace}\",name=\"wine\",phase=\"Healthy\"}} 1"); // the other keeps its own
    }
}
