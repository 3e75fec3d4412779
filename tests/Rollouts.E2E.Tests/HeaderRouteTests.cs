using k8s;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.LocalCluster.Traffic;
using Rollouts.Testing;
using static Rollouts.E2E.Tests.LocalRollouts;

namespace Rollouts.E2E.Tests;

/// <summary>
/// An A/B cohort through the real operator (issue 14 item 3): a <c>setHeaderRoute</c> step sends the requests that
/// carry <c>x-user-group: beta</c> to the canary while its weight stays 0, so everyone else keeps the stable's answers;
/// promotion removes the rule. Real API server, node agent running real serving processes, the operator process, and
/// a traffic generator that sends a third of its requests with the header and honours the HTTPRoute's header match.
/// </summary>
public sealed class HeaderRouteTests : IAsyncLifetime
{
    private const string Ns = "rollouts-cohort";
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"rollouts-cohort-{Environment.ProcessId}");
    private readonly CancellationTokenSource _stopTraffic = new();
    private LocalEnvironment? _env;
    private TrafficGenerator? _traffic;
    private Task _running = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _env = await LocalEnvironment.StartAsync(
            new LocalEnvironmentOptions
            {
                RepositoryRoot = RepositoryPaths.Root,
                StateDirectory = _state,
                Configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug",
                Namespace = Ns,
                AddressPrefix = "127.0.6",
            },
            CancellationToken.None);
        _traffic = new TrafficGenerator(
            new KubeRoutingSource(_env.Client, Ns, "iris"),
            IrisRows.Load(Path.Combine(RepositoryPaths.Root, "samples", "data", "iris.csv")),
            new TrafficGeneratorOptions { ModelName = "iris", RequestsPerSecond = 30, CohortHeader = "x-user-group", CohortValue = "beta", CohortShare = 1.0 / 3 },
            TimeProvider.System);
        _running = Task.Run(() => _traffic.RunAsync(_stopTraffic.Token), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _stopTraffic.CancelAsync();
        await _running;
        if (_env is not null)
        {
            await _env.DisposeAsync();
        }

        _stopTraffic.Dispose();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    [Fact]
    public async Task The_cohort_header_reaches_the_canary_at_weight_0_and_everyone_else_the_stable_until_promotion()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = cts.Token;
        var traffic = _traffic!;
        var applier = new ManifestApplier(_env!.Client);

        await applier.ApplyAsync(Manifest("1.0.0", "iris-v1"), new Dictionary<string, string>(), ct);
        await EventuallyAsync(async () => (await StatusAsync(ct)) is { Phase: RolloutPhase.Healthy, StableVersion: "1.0.0" }, ct);
        await applier.ApplyAsync(Manifest("2.0.0", "iris-v2"), new Dictionary<string, string>(), ct);

        // The step is done once the rule is written; the data plane applies it once it reads the route again.
        await EventuallyAsync(async () => (await StatusAsync(ct)) is { Phase: RolloutPhase.Paused, HeaderRoute.Value: "beta" }, ct);
        await EventuallyAsync(() => Task.FromResult(traffic.Routing.HeaderRules is [{ Backends: [{ Endpoints: [{ Version: "2.0.0" }, ..] }] }]), ct);
        var (allBefore, cohortBefore, othersBefore) = (traffic.Stats.Snapshot(), traffic.Stats.CohortSnapshot(), traffic.Stats.OthersSnapshot());
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        var (all, cohort, others) = (Delta(traffic.Stats.Snapshot(), allBefore), Delta(traffic.Stats.CohortSnapshot(), cohortBefore), Delta(traffic.Stats.OthersSnapshot(), othersBefore));

        var status = await StatusAsync(ct);
        status!.CanaryWeight.ShouldBe(0);
        var context = $"answered in 6 s, all: {Show(all)}; cohort: {Show(cohort)}; without the header: {Show(others)}; status: {status.Message}";
        cohort.GetValueOrDefault("2.0.0").Successes.ShouldBeGreaterThan(20, context);
        cohort.GetValueOrDefault("1.0.0").ShouldBe((0L, 0L), context);
        others.GetValueOrDefault("2.0.0").ShouldBe((0L, 0L), "a request without the header reached the weight-0 canary: " + context);
        all.GetValueOrDefault("1.0.0").Successes.ShouldBeGreaterThan(40, context);
        all.Values.Sum(c => c.Failures).ShouldBe(0, context);

        // Promotion ends the cohort: the rule is gone, everyone gets the new stable.
        await _env.Client.Api.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("{\"metadata\":{\"annotations\":{\"ml.rollouts.dev/action\":\"promote\"}}}", k8s.Models.V1Patch.PatchType.MergePatch),
            ModelDeployment.Group, ModelDeployment.Version, Ns, ModelDeployment.Plural, "iris", cancellationToken: ct);
        await EventuallyAsync(async () => (await StatusAsync(ct)) is { Phase: RolloutPhase.Healthy, StableVersion: "2.0.0", HeaderRoute: null }, ct);
        await EventuallyAsync(() => Task.FromResult(traffic.Routing.HeaderRules is null or []), ct);
    }

    private async Task<ModelDeploymentStatus?> StatusAsync(CancellationToken ct) =>
        (await _env!.Client.GetAsync<ModelDeployment>(Ns, "iris", ct))?.Status;

    private static Dictionary<string, (long Successes, long Failures)> Delta(
        IReadOnlyDictionary<string, (long Successes, long Failures)> after,
        IReadOnlyDictionary<string, (long Successes, long Failures)> before) =>
        after.ToDictionary(
            kv => kv.Key,
            kv => (kv.Value.Successes - before.GetValueOrDefault(kv.Key).Successes, kv.Value.Failures - before.GetValueOrDefault(kv.Key).Failures),
            StringComparer.Ordinal);

    private static string Show(Dictionary<string, (long Successes, long Failures)> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key} {c.Value.Successes} ok / {c.Value.Failures} failed"));

    private static string Manifest(string version, string model) => LocalRollouts.IrisManifest(Ns, version, model, """
          strategy:
            canary:
              steps:
                - setHeaderRoute: {name: x-user-group, value: beta}
                - pause: {}
          trafficRouting:
            gatewayAPI:
              parentRefs:
                - name: demo-gateway
        """);
}
