using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Rollouts.BenchOperator;

/// <summary>
/// The operator run as in its image (<c>dotnet Rollouts.Operator.dll</c> from a ReadyToRun publish, see run.sh, with the
/// image's runtime settings, <see cref="ImageEnvironment"/>), against the
/// benchmark's control plane: <c>--kubeconfig K --serving-image I --metrics-address http://127.0.0.1:PORT</c> plus any
/// extra arguments. Its stdout and stderr go to a log file. A detached watchdog kills it if this process dies first.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    /// <summary>The image the pods would run (never pulled: there is no kubelet).</summary>
    public const string ServingImage = "ghcr.io/model-rollouts/serving:0.1.0";

    /// <summary>
    /// The <c>DOTNET_</c> settings of operator/Dockerfile's runtime stage, set on the process so that the benchmark
    /// measures the image's runtime (Rollouts.Shipping.Tests' DockerfileTests keeps the two equal).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ImageEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_EnableDiagnostics"] = "0",
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_GCgen0size"] = "0x400000",
    };

    private readonly Process _process;
    private readonly Task _pump;
    private readonly Process? _watchdog;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private OperatorProcess(Process process, Task pump, Process? watchdog, Uri metrics, long startedAt)
    {
        _process = process;
        _pump = pump;
        _watchdog = watchdog;
        MetricsAddress = metrics;
        StartedAt = startedAt;
    }

    /// <summary>The operator's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Its /metrics, /healthz and /readyz base address.</summary>
    public Uri MetricsAddress { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the operator; output is appended to <paramref name="logPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The assembly is missing (message says how to build it) or did not start.</exception>
    public static OperatorProcess Start(string dll, string kubeconfig, IReadOnlyList<string> extraArgs, string logPath, TimeProvider time)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"the operator is not published: {dll} is missing (tools/Rollouts.BenchOperator/run.sh publishes it)");
        }

        var metrics = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[dll, "--kubeconfig", kubeconfig, "--serving-image", ServingImage, "--metrics-address", metrics.ToString().TrimEnd('/'), .. extraArgs])
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in ImageEnvironment)
        {
            info.Environment[name] = value;
        }

        var startedAt = time.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("the operator process did not start");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var pump = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new OperatorProcess(process, pump, Watchdog(process.Id), metrics, startedAt);
    }

    /// <summary>GET /readyz answers 200 (every informer cache synced); false on any other answer or none.</summary>
    public async Task<bool> ReadyAsync(CancellationToken ct)
    {
        try
        {
            using var r = await _http.GetAsync(new Uri(MetricsAddress, "/readyz"), ct).ConfigureAwait(false);
            return r.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The /metrics page, or null when the operator does not answer (yet).</summary>
    public async Task<string?> MetricsAsync(CancellationToken ct)
    {
        try
        {
            return await _http.GetStringAsync(new Uri(MetricsAddress, "/metrics"), ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Kills the process at once (SIGKILL: a crash, nothing flushed) and waits for it to exit.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _pump.ConfigureAwait(false);
        if (_watchdog is { HasExited: false })
        {
            _watchdog.Kill();
        }

        _watchdog?.Dispose();
        _process.Dispose();
        _http.Dispose();
    }

    private static async Task Pump(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await to.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    // setsid: not in our process group, so it survives our death; it kills the operator only if we died first.
    private static Process? Watchdog(int pid)
    {
        var owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in (string[])["bash", "-c", $"while kill -0 {pid} 2>/dev/null; do kill -0 {owner} 2>/dev/null || {{ kill -KILL {pid}; exit; }}; sleep 1; done"])
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
