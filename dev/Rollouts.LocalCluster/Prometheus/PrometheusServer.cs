using System.Net;
using System.Net.Sockets;
using Rollouts.LocalCluster.Processes;

namespace Rollouts.LocalCluster.Prometheus;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> binary) on a free loopback port with a generated config, scraping the
/// targets in <see cref="TargetsFile"/>. Its data lives in a folder of its own (deleted by the caller's state dir).
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private PrometheusServer(ChildProcess process, Uri url, string targetsFile)
    {
        _process = process;
        Url = url;
        TargetsFile = targetsFile;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:39123/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The file_sd JSON the node agent keeps current.</summary>
    public string TargetsFile { get; }

    /// <summary>The log of the Prometheus process.</summary>
    public string LogPath => _process.LogPath;

    /// <summary>
    /// Starts Prometheus under <paramref name="stateDir"/> (config, targets, TSDB, log) and waits until
    /// <c>/-/ready</c> answers.
    /// </summary>
    /// <param name="stateDir">Folder for its files.</param>
    /// <param name="scrapeInterval">Scrape interval (1 s in the demo and tests).</param>
    /// <param name="watchdog">Optional watchdog registering the process.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="InvalidOperationException">The binary is missing (run dev/install-deps.sh), it exited at start (for a taken port, after three ports), or it did not become ready in 60 s (message carries its log tail).</exception>
    public static async Task<PrometheusServer> StartAsync(string stateDir, TimeSpan scrapeInterval, ProcessWatchdog? watchdog, CancellationToken ct)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException("prometheus is not installed: run dev/install-deps.sh (Debian package 'prometheus')");
        Directory.CreateDirectory(stateDir);
        var targets = Path.Combine(Path.GetFullPath(stateDir), "targets.json");
        FileSdTargets.Write(targets, []);
        var config = Path.Combine(stateDir, "prometheus.yml");
        await File.WriteAllTextAsync(config, PrometheusConfig.Render(targets, scrapeInterval), ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            // FreePort's port can be taken by another process before Prometheus binds it: then it exits at once
            // saying so, and a new port is tried (three attempts in all).
            var (server, exitLog) = await TryStartAsync(binary, stateDir, config, targets, FreePort(), watchdog, ct).ConfigureAwait(false);
            if (server is not null)
            {
                return server;
            }

            if (attempt == 3 || !exitLog.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"prometheus exited at start:\n{exitLog}");
            }
        }
    }

    // Starts one Prometheus on port; returns it once ready, or null and its log tail when it exited at start.
    private static async Task<(PrometheusServer? Server, string ExitLog)> TryStartAsync(
        string binary, string stateDir, string config, string targets, int port, ProcessWatchdog? watchdog, CancellationToken ct)
    {
        var process = ChildProcess.Start(
            binary,
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(stateDir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=2h",
                "--log.level=warn",
            ],
            null,
            Path.Combine(stateDir, "prometheus.log"),
            watchdog);
        var server = new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}/"), targets);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                var tail = process.Tail();
                await server.DisposeAsync().ConfigureAwait(false);
                return (null, tail);
            }

            try
            {
                using var r = await http.GetAsync(new Uri(server.Url, "-/ready"), ct).ConfigureAwait(false);
                if (r.IsSuccessStatusCode)
                {
                    return (server, "");
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow answer; retry.
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"prometheus did not become ready in 60 s:\n{process.Tail()}");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>A TCP port free on 127.0.0.1 at the time of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, "prometheus");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
