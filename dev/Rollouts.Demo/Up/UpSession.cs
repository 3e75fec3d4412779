using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using Rollouts.LocalCluster.Orchestration;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.Demo.Up;

/// <summary>
/// <c>make up</c>: the demo's environment without its scenarios, kept running for a person to try things on. Starts
/// the <see cref="LocalEnvironment"/> (control plane, node agent, Prometheus, operator) in the namespace
/// <see cref="DemoRig.Namespace"/> with the Gateway <see cref="GatewayName"/>, writes the admin kubeconfig (default
/// namespace <see cref="DemoRig.Namespace"/>) and a ready-to-apply sample into the folder above the state directory,
/// sends steady Iris traffic to every ModelDeployment of the namespace (<see cref="TrafficSupervisor"/>), then writes
/// <see cref="ReadyFile"/> and runs until cancelled (SIGTERM from <c>make down</c>), printing a traffic summary
/// whenever it changed, at most every <see cref="SummaryInterval"/>.
/// </summary>
public static class UpSession
{
    /// <summary>The Gateway the sample's HTTPRoute names as its parent.</summary>
    public const string GatewayName = "demo-gateway";

    /// <summary>How often the traffic summary is printed (when it changed).</summary>
    public static TimeSpan SummaryInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The file written once everything is ready: <c>STATE_DIRECTORY/ready</c>; it holds the lines printed to the user.</summary>
    public static string ReadyFile(DemoOptions options) => Path.Combine(options.StateDirectory, "ready");

    /// <summary>Where the admin kubeconfig is written: <c>kubeconfig</c> beside the state directory (<c>.local/kubeconfig</c> by default).</summary>
    public static string KubeconfigFile(DemoOptions options) => Path.Combine(Path.GetDirectoryName(options.StateDirectory)!, "kubeconfig");

    /// <summary>Where the sample ModelDeployment is written: <c>iris.yaml</c> beside the state directory.</summary>
    public static string SampleFile(DemoOptions options) => Path.Combine(Path.GetDirectoryName(options.StateDirectory)!, "iris.yaml");

    /// <summary>Runs until <paramref name="ct"/> is cancelled, then stops everything and throws <see cref="OperationCanceledException"/>.</summary>
    /// <exception cref="InvalidOperationException">A component could not start.</exception>
    public static async Task RunAsync(DemoOptions options, Action<string> output, CancellationToken ct)
    {
        await using var env = await LocalEnvironment.StartAsync(
            new LocalEnvironmentOptions
            {
                RepositoryRoot = options.RepositoryRoot,
                StateDirectory = options.StateDirectory,
                Configuration = options.Configuration,
                Namespace = DemoRig.Namespace,
                AddressPrefix = options.AddressPrefix,
                OperatorArguments = options.OperatorArguments,
                Progress = output,
            },
            ct).ConfigureAwait(false);

        await ApplyGatewayAsync(env, ct).ConfigureAwait(false);

        var kubeconfig = KubeconfigFile(options);
        await File.WriteAllTextAsync(kubeconfig, DefaultNamespace(await File.ReadAllTextAsync(env.Kubeconfig, ct).ConfigureAwait(false), DemoRig.Namespace), ct).ConfigureAwait(false);
        var sample = SampleFile(options);
        var template = await File.ReadAllTextAsync(Path.Combine(options.RepositoryRoot, "samples", "local", "iris.yaml"), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(sample, ManifestApplier.Render(template, new Dictionary<string, string> { ["repo"] = options.RepositoryRoot }), ct).ConfigureAwait(false);

        var rows = IrisRows.Load(Path.Combine(options.RepositoryRoot, "samples", "data", "iris.csv"));
        await using var traffic = new TrafficSupervisor(env.Client, DemoRig.Namespace, rows, options.Traffic, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var supervise = Task.Run(() => traffic.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            var ready = NextSteps(options, env, kubeconfig, sample);
            await File.WriteAllLinesAsync(ReadyFile(options), ready, ct).ConfigureAwait(false);
            foreach (var line in ready)
            {
                output(line);
            }

            await PrintSummariesAsync(traffic, output, ct).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await supervise.ConfigureAwait(false);
            foreach (var line in traffic.Summary())
            {
                output(line);
            }
        }
    }

    /// <summary>
    /// Server-side applies the Gateway <see cref="GatewayName"/> (the environment installs a minimal Gateway CRD; no
    /// controller programs it — the traffic generators read the HTTPRoutes themselves).
    /// </summary>
    private static async Task ApplyGatewayAsync(LocalEnvironment env, CancellationToken ct)
    {
        var gateway = new
        {
            apiVersion = "gateway.networking.k8s.io/v1",
            kind = "Gateway",
            metadata = new { name = GatewayName, @namespace = DemoRig.Namespace },
            spec = new { gatewayClassName = "local", listeners = new[] { new { name = "http", protocol = "HTTP", port = 80 } } },
        };
        await env.Client.Api.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(JsonSerializer.Serialize(gateway), V1Patch.PatchType.ApplyPatch),
            "gateway.networking.k8s.io",
            "v1",
            DemoRig.Namespace,
            "gateways",
            GatewayName,
            fieldManager: ManifestApplier.FieldManager,
            force: true,
            cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Sets the default namespace of every context in an admin kubeconfig written by dev/controlplane/up.sh.</summary>
    public static string DefaultNamespace(string kubeconfig, string ns) =>
        kubeconfig.Replace("namespace: default}", $"namespace: {ns}}}", StringComparison.Ordinal);

    private static List<string> NextSteps(DemoOptions options, LocalEnvironment env, string kubeconfig, string sample)
    {
        var k = $"kubectl --kubeconfig {Relative(options, kubeconfig)}";
        var rate = options.RequestsPerSecond.ToString(CultureInfo.InvariantCulture);
        return
        [
            "",
            $"up: control plane, node agent, Prometheus ({env.Prometheus.Url}), operator (log {Relative(options, env.Operator?.LogPath ?? env.LogDirectory)}) are running",
            $"up: namespace {DemoRig.Namespace} with the Gateway {GatewayName}; {rate} req/s of Iris traffic go to every ModelDeployment in it",
            "next:",
            $"  {k} apply -f {Relative(options, sample)}        # Iris v1 (models: file://{options.RepositoryRoot}/samples/models/<name>/model.onnx)",
            $"  {k} get mdep -w",
            $"  {k} patch mdep iris --type merge -p '{{\"spec\":{{\"model\":{{\"version\":\"2.0.0\",\"uri\":\"file://{options.RepositoryRoot}/samples/models/iris-v2/model.onnx\",\"baselineUri\":\"file://{options.RepositoryRoot}/samples/models/iris-v2/baseline.json\"}}}}}}'",
            $"  {k} annotate mdep iris ml.rollouts.dev/action=promote --overwrite     # (or abort, retry)",
            $"  {k} describe mdep iris",
            $"  pods are local processes: grep 'process started' {Relative(options, Path.Combine(env.LogDirectory, "node-agent.log"))} lists their pids (logs: {Relative(options, Path.Combine(env.LogDirectory, "pods"))}); kill one and watch",
            $"  traffic per version: {Relative(options, Path.Combine(Path.GetDirectoryName(options.StateDirectory)!, "up.log"))} (every {SummaryInterval.TotalSeconds:0} s)",
            "  make down      # stops everything",
        ];
    }

    private static string Relative(DemoOptions options, string path)
    {
        var relative = Path.GetRelativePath(options.RepositoryRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static async Task PrintSummariesAsync(TrafficSupervisor traffic, Action<string> output, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SummaryInterval, TimeProvider.System);
        IReadOnlyList<string> last = [];
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var now = traffic.Summary();
            if (!now.SequenceEqual(last, StringComparer.Ordinal))
            {
                output($"-- {DateTimeOffset.UtcNow:HH:mm:ss} UTC");
                foreach (var line in now)
                {
                    output(line);
                }

                last = now;
            }
        }
    }
}
