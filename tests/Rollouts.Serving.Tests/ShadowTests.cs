using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Shadow copies between real server processes with the real Iris models: iris-v1 as the stable shadows to iris-skewed,
/// then (the config file rewritten, no restart) to iris-v2, and the agreement counts differ as the models do; REST and
/// gRPC requests are copied; the candidate answers the copies (its own request metrics count them) and never copies a
/// request that carries X-Model-Rollouts-Shadow; a candidate that never answers gives drops, and the user's answers
/// never wait for it; a missing, foreign-host or invalid config turns shadowing off. The tests let 127.0.0.1 pass the
/// host check with <c>--shadow-allowed-host-suffixes .0.0.1</c>, since they have no cluster DNS, and give copies 30 s
/// (<c>--shadow-timeout</c>) where they count comparisons: a cold candidate's first answer can take over the default 1 s
/// on a loaded machine, and would be counted as a drop.
/// </summary>
public sealed class ShadowTests : IDisposable
{
    private const string Loopback = ".0.0.1";
    private readonly string folder = Directory.CreateTempSubdirectory("rollouts-shadow-").FullName;

    [Fact]
    public async Task The_stable_copies_rest_and_grpc_requests_to_the_candidate_and_counts_agreement_per_candidate_revision()
    {
        var stableConfig = Path.Combine(folder, "stable.json");
        var candidateConfig = Path.Combine(folder, "candidate.json");
        var grpcPort = ServingProcess.FreePort();
        await using var skewed = await ServingProcess.StartAsync("iris-skewed", "iris", "3", ["--model-revision", "rev-skewed", "--shadow-config", candidateConfig, "--shadow-allowed-host-suffixes", Loopback, "--shadow-timeout", "30s"]);
        await using var v2 = await ServingProcess.StartAsync("iris-v2", "iris", "2", ["--model-revision", "rev-v2"]);
        await using var stable = await ServingProcess.StartAsync("iris-v1", "iris", "1",
            ["--model-revision", "rev-stable", "--shadow-config", stableConfig, "--shadow-allowed-host-suffixes", Loopback, "--shadow-timeout", "30s", "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture)]);
        // The candidate's own config points back at the stable under a third revision: only the shadow header keeps it from copying.
        Write(candidateConfig, Config(stable, "rev-other", 100));
        Write(stableConfig, Config(skewed, "rev-skewed", 100));
        await WaitForLogAsync(stable, "rev-skewed", 1);
        await WaitForLogAsync(skewed, "rev-other", 1);

        var rows = ServingProcess.IrisRows;
        var sent = 0;
        for (var i = 0; i < rows.Count; i += 5)
        {
            (await stable.InferAsync(rows[i])).ShouldBe(HttpStatusCode.OK);
            sent++;
        }

        using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"))
        {
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            var request = GrpcServingFixture.IrisRequest(rows[120]);
            request.ModelName = "iris";
            await client.ModelInferAsync(request);
            sent++;
        }

        var skewedCounts = await WaitForComparisonsAsync(stable, "rev-skewed", sent);
        skewedCounts.Agree.ShouldBeGreaterThan(0);
        skewedCounts.Disagree.ShouldBeGreaterThan(0, "iris-skewed answers the long-petalled rows differently");
        skewedCounts.Error.ShouldBe(0);

        Write(stableConfig, Config(v2, "rev-v2", 100));
        await WaitForLogAsync(stable, "rev-v2", 1);
        for (var i = 0; i < rows.Count; i += 5)
        {
            (await stable.InferAsync(rows[i])).ShouldBe(HttpStatusCode.OK);
        }

        var v2Counts = await WaitForComparisonsAsync(stable, "rev-v2", sent - 1);
        v2Counts.Disagree.ShouldBeLessThan(skewedCounts.Disagree, "iris-v2 agrees with iris-v1 far more than iris-skewed does");

        var candidate = PrometheusText.Parse(await skewed.MetricsAsync());
        candidate.Where(s => s.Name == "model_inference_requests_total" && s.Labels["code"] == "200").Sum(s => s.Value).ShouldBe(sent, "the copies are answered and counted by the candidate");
        candidate.Where(s => s.Name is "model_shadow_comparisons_total" or "model_shadow_dropped_total").Sum(s => s.Value).ShouldBe(0, "a copy is never copied again");
        var differences = PrometheusText.Parse(await stable.MetricsAsync()).Single(s => s.Name == "model_shadow_difference_count" && s.Labels["candidate_revision"] == "rev-skewed");
        differences.Value.ShouldBe(sent);
        differences.Labels["model_revision"].ShouldBe("rev-stable");
    }

    [Fact]
    public async Task A_candidate_that_never_answers_gives_drops_and_the_answers_do_not_wait_for_it()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var config = Path.Combine(folder, "silent.json");
        Write(config, $$"""{"percent": 100, "targetUrl": "http://127.0.0.1:{{((IPEndPoint)silent.LocalEndpoint).Port}}", "targetRevision": "rev-silent"}""");
        await using var stable = await ServingProcess.StartAsync("iris-v1", "iris", "1",
            ["--model-revision", "rev-stable", "--shadow-config", config, "--shadow-allowed-host-suffixes", Loopback, "--shadow-max-in-flight", "2", "--shadow-timeout", "3s"]);

        // Two copies wait on the silent candidate for 3 s; every request meanwhile is answered, its copy dropped as overloaded.
        for (var i = 0; i < 50 && await Dropped(stable, "overloaded") == 0; i++)
        {
            (await stable.InferAsync(ServingProcess.IrisRows[i])).ShouldBe(HttpStatusCode.OK);
        }

        (await Dropped(stable, "overloaded")).ShouldBeGreaterThan(0);
        await AuthHelpers.WaitUntilAsync(async () => await Dropped(stable, "timeout") >= 2, "the two copies in flight time out");
        PrometheusText.Parse(await stable.MetricsAsync()).Where(s => s.Name == "model_shadow_comparisons_total").Sum(s => s.Value).ShouldBe(0);
        silent.Stop();
        foreach (var client in accepted)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_missing_foreign_host_or_invalid_config_turns_shadowing_off_and_a_valid_one_turns_it_on_without_a_restart()
    {
        await using var candidate = await ServingProcess.StartAsync("iris-v2", "iris", "2", ["--model-revision", "rev-v2"]);
        var config = Path.Combine(folder, "shadow.json");
        await using var stable = await ServingProcess.StartAsync("iris-v1", "iris", "1",
            ["--model-revision", "rev-stable", "--shadow-config", config, "--shadow-allowed-host-suffixes", Loopback, "--shadow-timeout", "30s"]);
        await SendAsync(stable, 5);

        Write(config, Config(candidate, "rev-v2", 100));
        await WaitForLogAsync(stable, "rev-v2", 1);
        await SendAsync(stable, 5);
        await WaitForComparisonsAsync(stable, "rev-v2", 5);

        Write(config, """{"percent": 100, "targetUrl": "http://attacker.example.com:8080", "targetRevision": "rev-v2"}""");
        await WaitForLogAsync(stable, "does not end in an allowed suffix", 1);
        await SendAsync(stable, 5);
        Write(config, "{ broken");
        await WaitForLogAsync(stable, "not JSON", 1);
        await SendAsync(stable, 5);
        Write(config, Config(candidate, "rev-stable", 100));
        await WaitForLogAsync(stable, "(revision rev-stable", 1);
        await SendAsync(stable, 5);

        Write(config, Config(candidate, "rev-v2", 100));
        await WaitForLogAsync(stable, "(revision rev-v2", 2);
        await SendAsync(stable, 3);
        await WaitForComparisonsAsync(stable, "rev-v2", 8);
        var total = PrometheusText.Parse(await stable.MetricsAsync()).Where(s => s.Name == "model_shadow_comparisons_total").Sum(s => s.Value);
        total.ShouldBe(8, "nothing was copied while the config was missing, foreign, invalid or named the stable's own revision");
        PrometheusText.Parse(await candidate.MetricsAsync()).Where(s => s.Name == "model_inference_requests_total").Sum(s => s.Value).ShouldBe(8);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Config(ServingProcess target, string revision, int percent) =>
        $$"""{"percent": {{percent}}, "targetUrl": "http://127.0.0.1:{{target.Port}}", "targetRevision": "{{revision}}", "compare": "Auto"}""";

    /// <summary>Replaces the file in one rename, as the kubelet's symbolic link swap does.</summary>
    private static void Write(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    private static async Task SendAsync(ServingProcess server, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await server.InferAsync(ServingProcess.IrisRows[(i * 31) % 150])).ShouldBe(HttpStatusCode.OK);
        }
    }

    private static async Task WaitForLogAsync(ServingProcess server, string text, int occurrences) =>
        await AuthHelpers.WaitUntilAsync(() => Task.FromResult(Occurrences(server, text) >= occurrences), $"the log says '{text}' {occurrences} time(s)");

    private static int Occurrences(ServingProcess server, string text)
    {
        using var stream = new FileStream(server.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var log = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
        return log.Split('\n').Count(l => l.Contains("shadow config", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));
    }

    private static async Task<(double Agree, double Disagree, double Error)> WaitForComparisonsAsync(ServingProcess stable, string candidate, int count)
    {
        (double, double, double) counts = default;
        await AuthHelpers.WaitUntilAsync(async () =>
        {
            var samples = PrometheusText.Parse(await stable.MetricsAsync()).Where(s => s.Name == "model_shadow_comparisons_total" && s.Labels["candidate_revision"] == candidate).ToList();
            double Of(string outcome) => samples.Where(s => s.Labels["outcome"] == outcome).Sum(s => s.Value);
            counts = (Of("agree"), Of("disagree"), Of("error"));
            return counts.Item1 + counts.Item2 + counts.Item3 >= count;
        }, $"{count} comparisons with {candidate}");
        return counts;
    }

    private static async Task<double> Dropped(ServingProcess stable, string reason) =>
        PrometheusText.Parse(await stable.MetricsAsync()).Where(s => s.Name == "model_shadow_dropped_total" && s.Labels["reason"] == reason).Sum(s => s.Value);
}
