using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.LocalCluster.Processes;
using Rollouts.Testing;
using static Rollouts.E2E.Tests.LocalRollouts;

namespace Rollouts.E2E.Tests;

/// <summary>
/// A leader change in the middle of a canary, on the real API server with two operator processes (<c>--leader-elect</c>):
/// the leader freezes (SIGSTOP, as a starved or partitioned process does) while the canary waits for promotion; the
/// other replica takes the Lease and carries the rollout on from status; when the old leader runs again it makes no
/// write (its own <c>rest_client_requests_total</c>, Leases aside), and the promotion is done by the new leader.
/// </summary>
public sealed partial class LeaderChangeTests : IAsyncLifetime
{
    private const string Ns = "rollouts-leader";
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"rollouts-leader-{Environment.ProcessId}");
    private LocalEnvironment? _env;

    public async Task InitializeAsync() => _env = await LocalEnvironment.StartAsync(
        new LocalEnvironmentOptions
        {
            RepositoryRoot = RepositoryPaths.Root,
            StateDirectory = _state,
            Configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug",
            Namespace = Ns,
            AddressPrefix = "127.0.4",
            StartOperator = false,
        },
        CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_env is not null)
        {
            await _env.DisposeAsync();
        }

        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    [Fact]
    public async Task The_other_replica_takes_over_mid_canary_and_the_old_leader_writes_nothing_after_losing_the_lease()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = cts.Token;
        var env = _env!;
        string[] electing = ["--leader-elect", "--leader-election-namespace", Ns];
        var a = env.StartOperatorReplica("a", electing);
        var b = env.StartOperatorReplica("b", electing);
        var applier = new ManifestApplier(env.Client);

        await applier.ApplyAsync(Manifest("1.0.0", "iris-v1"), new Dictionary<string, string>(), ct);
        await EventuallyAsync(async () => (await PhaseAsync(ct)) == "Healthy", ct);
        await applier.ApplyAsync(Manifest("2.0.0", "iris-v2"), new Dictionary<string, string>(), ct);
        await EventuallyAsync(async () => (await PhaseAsync(ct)) == "Paused", ct);

        var (leader, follower) = await LeaderAsync(a.MetricsUrl, ct) ? (a, b) : (b, a);
        var writes = await WritesAsync(leader.MetricsUrl, ct); // at rest in a pause: nothing to write until it ends
        Signals.Stop(leader.Process.Id);
        try
        {
            await EventuallyAsync(() => LeaderAsync(follower.MetricsUrl, ct), ct);
        }
        finally
        {
            Signals.Continue(leader.Process.Id);
        }

        // The old leader runs again, believing for a moment that it still leads: whatever its queue and timers held,
        // it must not write, neither before it sees the Lease taken nor after.
        await EventuallyAsync(async () => !await LeaderAsync(leader.MetricsUrl, ct), ct);
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        (await WritesAsync(leader.MetricsUrl, ct)).ShouldBe(writes, "the replica that lost the Lease wrote to the API server");

        var followerWrites = await WritesAsync(follower.MetricsUrl, ct);
        await env.Client.Api.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("{\"metadata\":{\"annotations\":{\"ml.rollouts.dev/action\":\"promote\"}}}", k8s.Models.V1Patch.PatchType.MergePatch),
            ModelDeployment.Group, ModelDeployment.Version, Ns, ModelDeployment.Plural, "iris", cancellationToken: ct);
        await EventuallyAsync(async () => (await env.Client.GetAsync<ModelDeployment>(Ns, "iris", ct))?.Status is { Phase: RolloutPhase.Healthy, StableVersion: "2.0.0" }, ct);
        (await WritesAsync(follower.MetricsUrl, ct)).ShouldBeGreaterThan(followerWrites, "the new leader carried the rollout on");
        (await WritesAsync(leader.MetricsUrl, ct)).ShouldBe(writes);
    }

    private async Task<string?> PhaseAsync(CancellationToken ct) =>
        (await _env!.Client.GetAsync<ModelDeployment>(Ns, "iris", ct))?.Status?.Phase?.ToString();

    private static async Task<bool> LeaderAsync(Uri metrics, CancellationToken ct) =>
        Sum(await ScrapeAsync(metrics, ct), LeaderLine()) > 0;

    /// <summary>Mutating API requests the process made (every verb but get, list and watch), Leases left out.</summary>
    private static async Task<double> WritesAsync(Uri metrics, CancellationToken ct) =>
        Sum(await ScrapeAsync(metrics, ct), WriteLine());

    private static double Sum(string text, Regex line) =>
        line.Matches(text).Sum(m => double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture));

    private static async Task<string> ScrapeAsync(Uri metrics, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return await http.GetStringAsync(metrics, ct);
        }
        catch (HttpRequestException)
        {
            return ""; // not listening yet
        }
    }

    [GeneratedRegex(@"^leader_election_master_status\{[^}]*\} (?<v>\S+)", RegexOptions.Multiline)]
    private static partial Regex LeaderLine();

    [GeneratedRegex(@"^rest_client_requests_total\{(?=[^}]*verb=""(?!get""|list""|watch"")[^""]*"")(?![^}]*resource=""leases"")[^}]*\} (?<v>\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex WriteLine();

    private static string Manifest(string version, string model) => LocalRollouts.IrisManifest(Ns, version, model, """
          strategy:
            canary:
              steps:
                - setWeight: 20
                - pause: {}
        """);
}
