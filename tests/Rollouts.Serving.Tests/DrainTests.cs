using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Issue 12 item 3, serving half: a real server process under steady traffic from real clients gets SIGTERM. Readiness
/// turns 503 at once, every request sent before the listeners close is answered 200 (during the drain and in flight),
/// and the process exits 0 after the drain. Requests sent after the listeners closed are not counted: a real pod has
/// left the endpoints by then.
/// </summary>
public sealed class DrainTests
{
    private const int DrainSeconds = 3;
    private const int Clients = 4;

    [Fact]
    public async Task Steady_traffic_through_SIGTERM_loses_no_request_and_the_process_exits_0_after_the_drain()
    {
        await using var server = await DrainingServer.StartAsync(DrainSeconds);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        var outcomes = new ConcurrentQueue<(DateTime Sent, string Outcome)>();
        using var stopClients = new CancellationTokenSource();
        var rows = ServingProcess.IrisRows;
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = c; !stopClients.IsCancellationRequested; i += Clients)
            {
                var sent = DateTime.UtcNow;
                outcomes.Enqueue((sent, await InferAsync(http, rows[i % rows.Count])));
            }
        })).ToList();

        // Steady traffic first, then SIGTERM.
        await WaitUntilAsync(() => outcomes.Count >= 200, "200 answers before SIGTERM");
        var terminated = DateTime.UtcNow;
        server.Terminate();

        // Not ready at once (well before the drain ends), while infer requests are still answered.
        using (var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) })
        {
            await WaitUntilAsync(async () => (await probe.GetAsync("v2/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "readiness 503 after SIGTERM");
        }

        var notReadyAt = DateTime.UtcNow;
        var drainedAt = await server.WaitForLogAsync("drained: closing the listeners");
        await stopClients.CancelAsync();
        await Task.WhenAll(clients);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(DrainSeconds + 20));

        exitCode.ShouldBe(0, server.Output);
        notReadyAt.ShouldBeLessThan(drainedAt, "readiness turned false before the drain ended");
        (drainedAt - terminated).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(DrainSeconds - 0.5), "the drain lasts --drain-seconds");

        // Every request sent before the listeners closed (with 250 ms for the send to reach the server) was answered 200.
        var counted = outcomes.Where(o => o.Sent < drainedAt - TimeSpan.FromMilliseconds(250)).ToList();
        var failed = counted.Where(o => o.Outcome != "200").ToList();
        var duringDrain = counted.Count(o => o.Sent > notReadyAt);
        Console.WriteLine($"drain: {counted.Count} requests counted ({duringDrain} sent while not ready), {failed.Count} failed; drain {(drainedAt - terminated).TotalSeconds:0.00}s");
        failed.ShouldBeEmpty($"failed: {string.Join(", ", failed.Take(5).Select(f => $"{f.Sent:HH:mm:ss.fff} {f.Outcome}"))}");
        duringDrain.ShouldBeGreaterThan(20, "requests sent during the drain were served");
    }

    private static async Task<string> InferAsync(HttpClient http, float[] row)
    {
        var data = string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        using var content = new StringContent($"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[{data}]}}]}}", Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync("v2/models/iris/infer", content);
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached in 60 s: {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The server as its own child process (its pid is the one SIGTERM goes to), output read line by line.</summary>
    private sealed class DrainingServer : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        private DrainingServer(Process process, int port)
        {
            this.process = process;
            Address = new Uri($"http://127.0.0.1:{port}/");
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Uri Address { get; }

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public static async Task<DrainingServer> StartAsync(int drainSeconds)
        {
            var port = ServingProcess.FreePort();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                ServerCommand.ServerDll(), "--model-name", "iris", "--model-version", "1.0.0",
                "--model-uri", RepositoryPaths.InRepo("samples/models/iris-v2/model.onnx"),
                "--urls", $"http://127.0.0.1:{port}", "--drain-seconds", drainSeconds.ToString(CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(arg);
            }

            var server = new DrainingServer(Process.Start(start)!, port);
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
            await WaitUntilAsync(async () =>
            {
                try
                {
                    return (await http.GetAsync("v2/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return server.process.HasExited ? throw new InvalidOperationException($"the server exited: {server.Output}") : false;
                }
            }, "the server ready");
            return server;
        }

        /// <summary>SIGTERM, as the kubelet sends it.</summary>
        public void Terminate()
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
            kill.ExitCode.ShouldBe(0);
        }

        /// <summary>Waits for a log line containing <paramref name="text"/> and returns its timestamp (the server logs UTC with ms).</summary>
        public async Task<DateTime> WaitForLogAsync(string text)
        {
            string? line = null;
            await WaitUntilAsync(() => (line = Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null, $"log line '{text}'");
            return DateTime.Parse(line![..line!.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cts.Token);
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.Append(line).Append('\n');
                }
            }
        }
    }
}
