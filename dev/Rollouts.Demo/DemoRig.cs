using System.Globalization;
using Rollouts.Demo.Scenarios;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.Demo;

/// <summary>
/// What the scenarios run against: the <see cref="LocalEnvironment"/> (namespace <see cref="Namespace"/>), a traffic
/// generator per ModelDeployment of <see cref="Deployments"/>, and a <see cref="ScenarioRunner"/>. Shared by the demo
/// and the end-to-end tests; <see cref="DisposeAsync"/> stops the traffic, then everything else.
/// </summary>
public sealed class DemoRig : IAsyncDisposable
{
    /// <summary>The namespace of the scenario manifests.</summary>
    public const string Namespace = "rollouts-demo";

    private readonly CancellationTokenSource _stopTraffic = new();
    private readonly List<Task> _traffic = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private LocalEnvironment? _env;
    private ScenarioRunner? _runner;

    private DemoRig()
    {
    }

    /// <summary>The ModelDeployments the scenarios use, with the model name their traffic addresses.</summary>
    public static IReadOnlyDictionary<string, string> Deployments { get; } = new Dictionary<string, string>
    {
        ["iris"] = "iris",
        ["iris-bg"] = "iris-bg",
    };

    /// <summary>The environment.</summary>
    public LocalEnvironment Environment => _env ?? throw new InvalidOperationException("not started");

    /// <summary>The traffic generators by ModelDeployment name.</summary>
    public IReadOnlyDictionary<string, TrafficGenerator> Traffic { get; private set; } = new Dictionary<string, TrafficGenerator>();

    /// <summary>Starts the environment and the traffic.</summary>
    /// <exception cref="InvalidOperationException">A component could not start.</exception>
    public static async Task<DemoRig> StartAsync(DemoOptions options, Action<string> output, CancellationToken ct)
    {
        var rig = new DemoRig();
        try
        {
            rig._env = await LocalEnvironment.StartAsync(
                new LocalEnvironmentOptions
                {
                    RepositoryRoot = options.RepositoryRoot,
                    StateDirectory = options.StateDirectory,
                    Configuration = options.Configuration,
                    Namespace = Namespace,
                    AddressPrefix = options.AddressPrefix,
                    Progress = output,
                },
                ct).ConfigureAwait(false);
            var env = rig._env;
            output($"kubectl --kubeconfig {env.Kubeconfig} -n {Namespace} get mdep -w   (in another terminal, to watch)");
            output($"logs: {env.LogDirectory}");

            var rows = IrisRows.Load(Path.Combine(options.RepositoryRoot, "samples", "data", "iris.csv"));
            rig.Traffic = Deployments.ToDictionary(
                d => d.Key,
                d => new TrafficGenerator(new KubeRoutingSource(env.Client, Namespace, d.Key), rows, options.Traffic(d.Value), TimeProvider.System)
                {
                    PetalOffset = options.PetalOffset,
                });
            foreach (var g in rig.Traffic.Values)
            {
                rig._traffic.Add(Task.Run(() => g.RunAsync(rig._stopTraffic.Token), CancellationToken.None));
            }

            output($"traffic: {options.RequestsPerSecond.ToString(CultureInfo.InvariantCulture)} req/s of real Iris rows to each of {string.Join(", ", rig.Traffic.Keys)} (POST /v2/models/<model>/infer), the true species of {options.FeedbackShare.ToString("P0", CultureInfo.InvariantCulture)} of them posted as feedback {options.FeedbackDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s later");
            rig._runner = new ScenarioRunner(
                env.Client,
                Namespace,
                Path.Combine(AppContext.BaseDirectory, "manifests"),
                options.Settings.Variables(options.RepositoryRoot),
                options.Settings,
                name => rig.Traffic.TryGetValue(name, out var g) ? g.Routing : RoutingTable.Empty,
                name => rig.Traffic.TryGetValue(name, out var g) ? g.Stats.Snapshot() : new Dictionary<string, (long, long)>(),
                env.OperatorMetricsUrl is { } url ? new OperatorMetricsReader(rig._http, url) : null,
                output,
                TimeProvider.System);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Plays one scenario (see <see cref="ScenarioRunner.RunAsync"/>).</summary>
    public Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken ct) =>
        (_runner ?? throw new InvalidOperationException("not started")).RunAsync(scenario, ct);

    /// <summary>One line per ModelDeployment: requests answered and failed per model version, and requests that found no ready endpoint.</summary>
    public IEnumerable<string> TrafficSummary() => Traffic.Select(t => TrafficSummaryLine.Format(t.Key, t.Value.Stats));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopTraffic.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_traffic).ConfigureAwait(false);
        if (_env is not null)
        {
            await _env.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _stopTraffic.Dispose();
    }
}
