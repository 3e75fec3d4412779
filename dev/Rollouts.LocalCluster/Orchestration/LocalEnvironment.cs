using Microsoft.Extensions.Logging;
using Rollouts.Kube;
using Rollouts.LocalCluster.Agent;
using Rollouts.LocalCluster.Processes;
using Rollouts.LocalCluster.Prometheus;

namespace Rollouts.LocalCluster.Orchestration;

/// <summary>
/// Everything `make demo` and the end-to-end tests run against, on one machine with no container runtime: the local
/// control plane, the ModelDeployment CRD and a minimal HTTPRoute CRD, a <see cref="NodeAgent"/> running serving pods
/// as local processes, a real Prometheus scraping them, and the operator process. Every process is registered with a
/// <see cref="ProcessWatchdog"/> (and the control plane has its own owner-pid watchdog), so nothing survives this
/// process; <see cref="DisposeAsync"/> stops everything in reverse order.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    private readonly List<Func<ValueTask>> _cleanup = [];
    private readonly CancellationTokenSource _stopping = new();

    private LocalEnvironment(LocalEnvironmentOptions options) => Options = options;

    /// <summary>The settings.</summary>
    public LocalEnvironmentOptions Options { get; }

    /// <summary>Client of the local API server (admin).</summary>
    public KubeClient Client { get; private set; } = null!;

    /// <summary>The admin kubeconfig (use with kubectl: <c>kubectl --kubeconfig PATH get mdep -w</c>).</summary>
    public string Kubeconfig { get; private set; } = "";

    /// <summary>The Prometheus server.</summary>
    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>The node agent.</summary>
    public NodeAgent Agent { get; private set; } = null!;

    /// <summary>The operator process, when started.</summary>
    public ChildProcess? Operator { get; private set; }

    /// <summary>The operator's /metrics URL, when started.</summary>
    public Uri? OperatorMetricsUrl { get; private set; }

    /// <summary>The folder of process logs.</summary>
    public string LogDirectory => Path.Combine(Options.StateDirectory, "logs");

    /// <summary>Starts everything; on failure, stops what had started and rethrows.</summary>
    /// <exception cref="InvalidOperationException">A component could not start (message says which and where its log is).</exception>
    public static async Task<LocalEnvironment> StartAsync(LocalEnvironmentOptions options, CancellationToken ct)
    {
        var env = new LocalEnvironment(options with { StateDirectory = Path.GetFullPath(options.StateDirectory) });
        try
        {
            await env.StartCoreAsync(ct).ConfigureAwait(false);
            return env;
        }
        catch
        {
            await env.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the operator now (when <see cref="LocalEnvironmentOptions.StartOperator"/> was false), or restarts it.</summary>
    public async Task StartOperatorAsync(CancellationToken ct)
    {
        if (Operator is not null)
        {
            await Operator.DisposeAsync().ConfigureAwait(false);
        }

        (Operator, OperatorMetricsUrl) = StartOperatorProcess("operator.log", []);
        Progress($"operator: started (pid {Operator.Id}), log {Operator.LogPath}");
        await Task.CompletedTask.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts one more operator process, besides <see cref="Operator"/> (e.g. two replicas with
    /// <c>--leader-elect</c>), logging to <c>logs/operator-NAME.log</c>; stopped with the environment.
    /// </summary>
    /// <param name="name">Names the log file.</param>
    /// <param name="arguments">Appended to the operator's usual arguments.</param>
    /// <returns>The process and its /metrics URL.</returns>
    public (ChildProcess Process, Uri MetricsUrl) StartOperatorReplica(string name, IReadOnlyList<string> arguments)
    {
        var (replica, metricsUrl) = StartOperatorProcess($"operator-{name}.log", arguments);
        _cleanup.Add(replica.DisposeAsync);
        Progress($"operator {name}: started (pid {replica.Id}), log {replica.LogPath}");
        return (replica, metricsUrl);
    }

    /// <summary>An operator process with the environment's arguments, <see cref="LocalEnvironmentOptions.OperatorArguments"/> and <paramref name="extra"/>, its metrics on a free port.</summary>
    private (ChildProcess Process, Uri MetricsUrl) StartOperatorProcess(string logName, IReadOnlyList<string> extra)
    {
        var port = PrometheusServer.FreePort();
        var assembly = OperatorProcess.Assembly(Options.RepositoryRoot, Options.Configuration);
        var process = OperatorProcess.Start(
            assembly,
            [.. OperatorProcess.Arguments(assembly, Kubeconfig, Options.ServingImage, Prometheus.Url, Options.Namespace, port), .. Options.OperatorArguments, .. extra],
            Path.Combine(LogDirectory, logName),
            _watchdog ?? throw new InvalidOperationException("environment not started"));
        return (process, new Uri($"http://127.0.0.1:{port}/metrics"));
    }

    private ProcessWatchdog? _watchdog;

    private async Task StartCoreAsync(CancellationToken ct)
    {
        // A fresh cluster every run: stop what a previous run may have left (its watchdogs normally did), then wipe
        // the state (etcd data included). The control-plane binaries live in the machine cache and are kept.
        var previous = Path.Combine(Options.StateDirectory, "cluster");
        if (File.Exists(Path.Combine(previous, "pids")))
        {
            await ScriptRunner.RunAsync("bash", [Path.Combine(Options.RepositoryRoot, "dev", "controlplane", "down.sh"), previous], null, null, ct).ConfigureAwait(false);
        }

        if (Directory.Exists(Options.StateDirectory))
        {
            Directory.Delete(Options.StateDirectory, recursive: true);
        }

        Directory.CreateDirectory(LogDirectory);
        _watchdog = ProcessWatchdog.Start(Path.Combine(Options.StateDirectory, "pids"));
        _cleanup.Add(() => { _watchdog.Dispose(); return ValueTask.CompletedTask; });

        Progress("control plane: starting etcd, kube-apiserver, kube-controller-manager (v1.20.2)");
        var controlPlane = await LocalControlPlane.StartAsync(Options.RepositoryRoot, Path.Combine(Options.StateDirectory, "cluster"), Options.Progress, ct).ConfigureAwait(false);
        _cleanup.Add(controlPlane.DisposeAsync);
        Kubeconfig = controlPlane.Kubeconfig;
        Client = KubeClient.Create(KubeConfig.Load(Kubeconfig), new KubeClientOptions { FieldManager = ManifestApplier.FieldManager });
        _cleanup.Add(() => { Client.Dispose(); return ValueTask.CompletedTask; });

        var applier = new ManifestApplier(Client);
        var crds = new List<string>();
        var none = new Dictionary<string, string>();
        crds.AddRange(await applier.ApplyFolderAsync(Path.Combine(Options.RepositoryRoot, "crds"), none, ct).ConfigureAwait(false));
        crds.AddRange(await applier.ApplyFolderAsync(Path.Combine(AppContext.BaseDirectory, "Manifests"), none, ct).ConfigureAwait(false));
        crds.AddRange(await applier.ApplyAsync($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {Options.Namespace}\n", none, ct).ConfigureAwait(false));
        await WaitForCrdsAsync(ct).ConfigureAwait(false);
        Progress($"applied: {string.Join(", ", crds)}");

        Prometheus = await PrometheusServer.StartAsync(Path.Combine(Options.StateDirectory, "prometheus"), Options.ScrapeInterval, _watchdog, ct).ConfigureAwait(false);
        _cleanup.Add(Prometheus.DisposeAsync);
        Progress($"prometheus: {Prometheus.Url} (scrape interval {Options.ScrapeInterval.TotalSeconds:0.#}s, file_sd {Prometheus.TargetsFile})");

        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(Path.Combine(LogDirectory, "node-agent.log"), TimeProvider.System)));
        _cleanup.Add(() => { loggerFactory.Dispose(); return ValueTask.CompletedTask; });
        var servingAssembly = Path.Combine(Options.RepositoryRoot, "serving-image", "bin", Options.Configuration, "net10.0", "Rollouts.Serving.dll");
        if (!File.Exists(servingAssembly))
        {
            throw new InvalidOperationException($"the serving image is not built: {servingAssembly} is missing (dotnet build serving-image)");
        }

        Agent = new NodeAgent(
            Client,
            new NodeAgentOptions
            {
                Namespace = Options.Namespace,
                ServingAssembly = servingAssembly,
                ServingImagePattern = "*model-rollouts*serving*",
                AddressPrefix = Options.AddressPrefix,
                LogDirectory = Path.Combine(LogDirectory, "pods"),
                TargetsFile = Prometheus.TargetsFile,
                ExtraEnvironment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredPGO"] = "0" },
            },
            TimeProvider.System,
            loggerFactory.CreateLogger("node-agent"),
            _watchdog);
        var agentRun = Task.Run(() => Agent.RunAsync(_stopping.Token), CancellationToken.None);
        _cleanup.Add(async () =>
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await agentRun.ConfigureAwait(false);
        });
        Progress($"node agent: node local-node, pods on {Options.AddressPrefix}.x:8080, logs in {Path.Combine(LogDirectory, "pods")}");

        if (Options.StartOperator)
        {
            await StartOperatorAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task WaitForCrdsAsync(CancellationToken ct)
    {
        // A new CRD's REST endpoint appears a moment after the CRD is Established.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await Client.ListAsync<Rollouts.Api.ModelDeployment>(Options.Namespace, null, ct).ConfigureAwait(false);
                await Client.ListAsync<HttpRoute>(Options.Namespace, null, ct).ConfigureAwait(false);
                return;
            }
            catch (KubeApiException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private void Progress(string line) => Options.Progress?.Invoke(line);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Operator is not null)
        {
            await Operator.DisposeAsync().ConfigureAwait(false);
            Operator = null;
        }

        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            try
            {
                await _cleanup[i]().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                Progress($"cleanup: {e.Message}");
            }
        }

        _cleanup.Clear();
        _stopping.Dispose();
    }
}
