using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rollouts.Testing;

/// <summary>
/// A real Prometheus (the <c>prometheus</c> binary on PATH, Debian's 2.42 via dev/install-deps.sh) on a free loopback
/// port, with a temporary TSDB and a generated config: scrape and evaluation interval 1s, targets from a file
/// (<c>file_sd_configs</c>, refresh 1s) carrying Kubernetes-style meta labels that relabeling maps to
/// <c>namespace</c> and <c>pod</c>, as <c>kubernetes_sd_configs</c> would in a cluster (prometheus.io/scrape,
/// prometheus.io/path honoured). Started with <c>--web.enable-lifecycle</c>; <see cref="StopAsync"/> quits it
/// through <c>/-/quit</c>. Disposing stops it and deletes the folder; a watchdog kills it if the test host dies.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly HttpClient http;
    private readonly string targetsFile;

    private PrometheusServer(Process process, Uri address, string directory)
    {
        this.process = process;
        Address = address;
        Directory = directory;
        targetsFile = Path.Combine(directory, "targets.json");
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The HTTP API base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The temporary folder: config, targets file, TSDB, log.</summary>
    public string Directory { get; }

    /// <summary>Prometheus' own log (stdout and stderr).</summary>
    public string LogPath => Path.Combine(Directory, "prometheus.log");

    /// <summary>True until the process has exited.</summary>
    public bool IsRunning => !process.HasExited;

    /// <summary>Starts Prometheus and waits until <c>/-/ready</c> answers (at most 60 s).</summary>
    /// <exception cref="InvalidOperationException">The binary is missing or Prometheus did not become ready (message carries its log).</exception>
    public static async Task<PrometheusServer> StartAsync(CancellationToken ct = default)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException("prometheus is not on PATH: run dev/install-deps.sh (Debian package 'prometheus')");
        var directory = System.IO.Directory.CreateTempSubdirectory("rollouts-prometheus-").FullName;
        var targets = Path.Combine(directory, "targets.json");
        await File.WriteAllTextAsync(targets, "[]", ct);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(targets), ct);
        for (var attempt = 1; ; attempt++)
        {
            var port = ServingProcess.FreePort();
            var address = new Uri($"http://127.0.0.1:{port}/");
            var process = ServingProcess.StartOwned(binary,
            [
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--web.enable-lifecycle",
                "--storage.tsdb.retention.time=1h",
                "--log.level=info",
            ], Path.Combine(directory, "prometheus.log"));
            var server = new PrometheusServer(process, address, directory);
            if (await server.WaitReadyAsync(TimeSpan.FromSeconds(60), ct))
            {
                return server;
            }

            var log = ServingProcess.Tail(server.LogPath);
            await ServingProcess.StopOwnedAsync(process);
            server.http.Dispose();
            if (attempt == 3 || !log.Contains("address already in use", StringComparison.Ordinal))
            {
                TryDelete(directory);
                throw new InvalidOperationException($"Prometheus did not become ready on port {port}. Log:\n{log}");
            }
        }
    }

    /// <summary>Replaces the scrape targets (atomically; Prometheus re-reads the file within about a second).</summary>
    public async Task SetTargetsAsync(IEnumerable<PrometheusScrapeTarget> targets, CancellationToken ct = default)
    {
        var groups = targets.Select(t => new Dictionary<string, object>
        {
            ["targets"] = new[] { t.Address },
            ["labels"] = new Dictionary<string, string>
            {
                ["__meta_kubernetes_namespace"] = t.Namespace,
                ["__meta_kubernetes_pod_name"] = t.Pod,
                ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"] = t.Scrape ? "true" : "false",
                ["__meta_kubernetes_pod_annotation_prometheus_io_path"] = "/metrics",
            },
        });
        var temp = targetsFile + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(groups), ct);
        File.Move(temp, targetsFile, overwrite: true);
    }

    /// <summary>
    /// Runs an instant query now and returns the values of the result's series (a scalar as one value);
    /// throws with Prometheus' error for a failed query.
    /// </summary>
    /// <exception cref="InvalidOperationException">Prometheus answered with an error.</exception>
    public async Task<IReadOnlyList<double>> QueryValuesAsync(string query, CancellationToken ct = default)
    {
        using var response = await http.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", query)]), ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = doc.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query failed: {root.GetProperty("error").GetString()} (query: {query})");
        }

        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        static double Parse(JsonElement pair) => pair[1].GetString() switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        };
        return data.GetProperty("resultType").GetString() == "scalar"
            ? [Parse(result)]
            : result.EnumerateArray().Select(e => Parse(e.GetProperty("value"))).ToList();
    }

    /// <summary>
    /// Polls <paramref name="query"/> every 500 ms until it returns at least one value and every value satisfies
    /// <paramref name="condition"/>; returns the values.
    /// </summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (message has the last answer and the targets' health).</exception>
    public async Task<IReadOnlyList<double>> WaitForAsync(string query, Func<double, bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<double> last = [];
        while (true)
        {
            try
            {
                last = await QueryValuesAsync(query, ct);
                if (last.Count > 0 && last.All(condition))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not answering (yet, or too slowly under load); keep polling.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{query}' did not satisfy the condition within {timeout}; last values [{string.Join(", ", last)}]; targets: {await TargetsHealthAsync(ct)}");
            }

            await Task.Delay(500, ct);
        }
    }

    /// <summary>The active targets' scrape URL, health and last error, for diagnostics.</summary>
    public async Task<string> TargetsHealthAsync(CancellationToken ct = default)
    {
        try
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("api/v1/targets", ct));
            var sb = new StringBuilder();
            foreach (var t in doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
            {
                sb.Append(t.GetProperty("scrapeUrl").GetString()).Append(' ').Append(t.GetProperty("health").GetString())
                    .Append(' ').Append(t.GetProperty("lastError").GetString()).Append("; ");
            }

            return sb.ToString();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            return $"unavailable ({e.Message})";
        }
    }

    /// <summary>Stops Prometheus as an outage would: <c>POST /-/quit</c>, then a kill if it has not exited within 30 s.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            using var response = await http.PostAsync("-/quit", null);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Fall through to the kill.
        }

        await ServingProcess.StopOwnedAsync(process);
    }

    /// <summary>Stops Prometheus and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await ServingProcess.StopOwnedAsync(process);
        process.Dispose();
        http.Dispose();
        TryDelete(Directory);
    }

    private async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("-/ready", ct);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct);
        }

        return false;
    }

    private static string Config(string targets) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: serving-pods
            file_sd_configs:
              - files: ['{targets}']
                refresh_interval: 1s
            relabel_configs:
              - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                regex: 'true'
                action: keep
              - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
                regex: '(.+)'
                target_label: __metrics_path__
              - source_labels: [__meta_kubernetes_namespace]
                target_label: namespace
              - source_labels: [__meta_kubernetes_pod_name]
                target_label: pod
        """;

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "prometheus"))
            .FirstOrDefault(File.Exists);

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
