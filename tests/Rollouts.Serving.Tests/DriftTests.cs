using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Rollouts.Serving.Drift;

namespace Rollouts.Serving.Tests;

/// <summary>PSI (Evidently's formula), binning, the sliding window, and the drift series the server exposes.</summary>
public sealed class DriftTests
{
    [Fact]
    public void Psi_equals_the_hand_computed_value()
    {
        // cur = [0.5, 0.3, 0.2], ref = [0.2, 0.3, 0.5]:
        // (0.5-0.2)·ln(0.5/0.2) + 0 + (0.2-0.5)·ln(0.2/0.5) = 0.3·0.9162907 + 0.3·0.9162907 = 0.5497744
        Psi.Compute([5, 3, 2], 10, [0.2, 0.3, 0.5]).ShouldBe(0.5497744, 1e-6);
    }

    [Fact]
    public void Psi_replaces_empty_bins_with_one_in_ten_thousand()
    {
        // cur = [0 → 0.0001, 1], ref = [0.5, 0.5]:
        // (0.0001-0.5)·ln(0.0001/0.5) + (1-0.5)·ln(1/0.5) = 4.2577448 + 0.3465736 = 4.6043184
        Psi.Compute([0, 10], 10, [0.5, 0.5]).ShouldBe(4.6043184, 1e-6);
        Psi.Compute([1, 1], 2, [0.5, 0.5]).ShouldBe(0);
    }

    [Theory]
    [InlineData(-5.0, 0)]
    [InlineData(0.0, 0)]
    [InlineData(0.99, 0)]
    [InlineData(1.0, 1)]
    [InlineData(2.5, 2)]
    [InlineData(3.0, 3)]
    [InlineData(4.0, 3)]
    [InlineData(99.0, 3)]
    public void Bins_follow_numpy_histogram(double value, int bin) => BinIndex.Of(value, [0, 1, 2, 3, 4]).ShouldBe(bin);

    [Fact]
    public void Window_evicts_the_oldest_value()
    {
        var window = new BinnedWindow(3, 3);
        window.Add(0);
        window.Add(1);
        window.Add(2);
        window.Counts.ToArray().ShouldBe([1, 1, 1]);
        window.Add(2);
        window.Counts.ToArray().ShouldBe([0, 1, 2]);
        window.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Server_exposes_feature_and_prediction_psi_over_the_last_window_rows()
    {
        const int window = 8;
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-v2"), "--baseline-uri", TestModels.Baseline("iris-v2"), "--drift-window", window.ToString(CultureInfo.InvariantCulture));
        var baseline = JsonNode.Parse(await File.ReadAllTextAsync(TestModels.Baseline("iris-v2")))!;
        var rows = IrisData.Rows();

        // 20 rows in: only the last 8 count.
        var sent = rows.Take(20).ToList();
        var labels = new List<long>();
        foreach (var row in sent)
        {
            var (status, body) = await server.InferJsonAsync($$"""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[{{string.Join(',', row.Features.Select(f => f.ToString(CultureInfo.InvariantCulture)))}}]}]}""");
            status.ShouldBe(HttpStatusCode.OK);
            labels.Add(body!["outputs"]![0]!["data"]![0]!.GetValue<long>());
        }

        var last = sent.Skip(sent.Count - window).ToList();
        var samples = PrometheusText.Parse(await server.Client.GetStringAsync("/metrics"));
        foreach (var feature in baseline["features"]!.AsArray())
        {
            var edges = feature!["edges"]!.AsArray().Select(e => e!.GetValue<double>()).ToArray();
            var reference = feature["proportions"]!.AsArray().Select(e => e!.GetValue<double>()).ToArray();
            var index = feature["index"]!.GetValue<int>();
            var expected = HandPsi(last.Select(r => (double)r.Features[index]).Select(v => LinearBin(v, edges)), reference);
            var actual = samples.Single(s => s.Name == "model_feature_drift_psi" && s.Labels["feature"] == feature["name"]!.GetValue<string>());
            actual.Value.ShouldBe(expected, 1e-9, feature["name"]!.GetValue<string>());
        }

        var prediction = baseline["prediction"]!;
        var categories = prediction["categories"]!.AsArray().Select(c => c!.GetValue<double>()).ToList();
        var predictionReference = prediction["proportions"]!.AsArray().Select(e => e!.GetValue<double>()).ToArray();
        var expectedPrediction = HandPsi(labels.Skip(labels.Count - window).Select(l => categories.IndexOf(l)), predictionReference);
        samples.Single(s => s.Name == "model_prediction_drift_psi").Value.ShouldBe(expectedPrediction, 1e-9);
    }

    [Fact]
    public async Task A_baseline_that_does_not_fit_the_model_is_refused_at_load()
    {
        var path = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"features":[{"input":"nope","index":0,"name":"f","edges":[0,1],"proportions":[1]}]}""");
        await using var server = await ServingServer.StartUnreadyAsync(TestModels.Sample("iris-v2"), "--baseline-uri", path);
        await server.WaitAsync(s => s.Host.Status != Model.ModelStatus.Loading);
        server.Host.Failure!.ShouldContain("names input 'nope'");
        server.Host.ExitCode.ShouldBe(1);
    }

    /// <summary>Plain linear scan (independent of the server's binary search).</summary>
    private static int LinearBin(double value, double[] edges)
    {
        var k = edges.Length - 1;
        for (var i = 0; i < k; i++)
        {
            if (value < edges[i + 1])
            {
                return i;
            }
        }

        return k - 1;
    }

    private static double HandPsi(IEnumerable<int> bins, double[] reference)
    {
        var list = bins.ToList();
        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var cur = list.Count(b => b == i) / (double)list.Count;
            cur = cur == 0 ? 0.0001 : cur;
            var refp = reference[i] == 0 ? 0.0001 : reference[i];
            psi += (cur - refp) * Math.Log(cur / refp);
        }

        return psi;
    }
}
