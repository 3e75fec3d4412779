using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Rollouts.Testing;

/// <summary>
/// A real serving-image process (<c>dotnet serving-image/bin/Debug/net10.0/Rollouts.Serving.dll</c>, built by
/// <c>dotnet build serving-image</c>) serving one sample model from <c>samples/models/&lt;model&gt;/</c> on a free
/// loopback port, with Open Inference Protocol (V2) helpers to send it real Iris rows. Disposing kills it; a watchdog
/// kills it if the test host dies.
/// </summary>
public sealed partial class ServingProcess : IAsyncDisposable
{
    private static readonly Lazy<IReadOnlyList<float[]>> Iris = new(ReadIris);
    private readonly Process process;
    private readonly HttpClient http;
    private readonly string directory;

    private ServingProcess(Process process, int port, string modelName, string version, string directory)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
        ModelName = modelName;
        Version = version;
        Address = new Uri($"http://127.0.0.1:{port}/");
        http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Path of the serving entry assembly.</summary>
    public static string EntryAssembly => RepositoryPaths.InRepo("serving-image/bin/Debug/net10.0/Rollouts.Serving.dll");

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The listening port.</summary>
    public int Port { get; }

    /// <summary>host:port, as a scrape target address.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>The served model name (model_name label).</summary>
    public string ModelName { get; }

    /// <summary>The served version (model_version label).</summary>
    public string Version { get; }

    /// <summary>The process's output.</summary>
    public string LogPath => Path.Combine(directory, "serving.log");

    /// <summary>The 150 rows of samples/data/iris.csv as [sepal_length, sepal_width, petal_length, petal_width].</summary>
    public static IReadOnlyList<float[]> IrisRows => Iris.Value;

    /// <summary>
    /// Starts a server for <c>samples/models/&lt;<paramref name="model"/>&gt;/model.onnx</c> (and its baseline.json) and waits
    /// until <c>/v2/health/ready</c> answers 200 (at most 120 s). <paramref name="extraArgs"/> go on the command line
    /// (e.g. <c>--drift-window</c>, <c>200</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Not built, or not ready in time (message carries the log).</exception>
    public static async Task<ServingProcess> StartAsync(string model, string modelName, string version, IEnumerable<string>? extraArgs = null, CancellationToken ct = default)
    {
        if (!File.Exists(EntryAssembly))
        {
            throw new InvalidOperationException($"{EntryAssembly} is missing: build it with 'dotnet build serving-image'");
        }

        var modelDir = RepositoryPaths.InRepo($"samples/models/{model}");
        var directory = Directory.CreateTempSubdirectory("rollouts-serving-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var args = new List<string>
            {
                EntryAssembly,
                "--model-name", modelName,
                "--model-version", version,
                "--model-uri", Path.Combine(modelDir, "model.onnx"),
                "--urls", $"http://127.0.0.1:{port}",
            };
            var baseline = Path.Combine(modelDir, "baseline.json");
            if (File.Exists(baseline))
            {
                args.AddRange(["--baseline-uri", baseline]);
            }

            args.AddRange(extraArgs ?? []);
            var process = StartOwned("dotnet", args, Path.Combine(directory, "serving.log"));
            var server = new ServingProcess(process, port, modelName, version, directory);
            if (await server.WaitReadyAsync(TimeSpan.FromSeconds(120), ct))
            {
                return server;
            }

            var log = Tail(server.LogPath);
            await server.DisposeProcessAsync();
            if (attempt == 3 || !log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"serving {model} did not become ready on port {port}. Log:\n{log}");
            }
        }
    }

    /// <summary>
    /// Sends one OIP V2 inference request with one row (<c>{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[...]}]}</c>)
    /// and returns the HTTP status.
    /// </summary>
    public async Task<HttpStatusCode> InferAsync(float[] row, CancellationToken ct = default)
    {
        var data = string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = $"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[{data}]}}]}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"v2/models/{ModelName}/infer", content, ct);
        return response.StatusCode;
    }

    /// <summary>
    /// Sends one OIP V2 inference request holding several rows (shape [rows, 4]) and returns the HTTP status.
    /// The server refuses more rows than its --max-batch-size (default 64) with 400.
    /// </summary>
    public async Task<HttpStatusCode> InferBatchAsync(IReadOnlyList<float[]> rows, CancellationToken ct = default)
    {
        var data = string.Join(",", rows.SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = $"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[{rows.Count},4],\"data\":[{data}]}}]}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"v2/models/{ModelName}/infer", content, ct);
        return response.StatusCode;
    }

    /// <summary>The text of <c>/metrics</c>.</summary>
    public Task<string> MetricsAsync(CancellationToken ct = default) => http.GetStringAsync("metrics", ct);

    /// <summary>Kills the process and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeProcessAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private async Task DisposeProcessAsync()
    {
        await StopOwnedAsync(process);
        process.Dispose();
        http.Dispose();
    }

    private async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("v2/health/ready", ct);
                if (response.StatusCode == HttpStatusCode.OK)
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

    private static IReadOnlyList<float[]> ReadIris() =>
        File.ReadLines(RepositoryPaths.InRepo("samples/data/iris.csv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(',').Take(4).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
}
