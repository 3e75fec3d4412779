using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Rollouts.ModelBuilder.Onnx;

namespace Rollouts.Serving.Tests;

/// <summary>Dynamic batching: merged Runs give each request exactly what an unbatched Run gives it.</summary>
public sealed class BatchingTests
{
    [Fact]
    public async Task Concurrent_batched_answers_equal_unbatched_answers_on_every_iris_row()
    {
        // iris-slow (a few ms per Run): while one request runs, the others queue behind it and are merged. With a
        // model as fast as iris-v2 a lone request takes the batcher's fast path and 150 client tasks on 2 cores may
        // never overlap, so whether any Run is merged would depend on the machine's timing.
        await using var batched = await ServingServer.StartAsync(TestModels.Sample("iris-slow"), "--max-batch-size", "32", "--max-batch-delay-us", "20000");
        await using var unbatched = await ServingServer.StartAsync(TestModels.Sample("iris-slow"), "--max-batch-delay-us", "0");
        var rows = IrisData.Rows();

        var expected = new List<string>();
        foreach (var row in rows)
        {
            expected.Add(await OutputsAsync(unbatched, row.Features));
        }

        var merged = false;
        for (var round = 0; round < 10 && !merged; round++)
        {
            var actual = await Task.WhenAll(rows.Select(r => OutputsAsync(batched, r.Features)));
            for (var i = 0; i < rows.Count; i++)
            {
                Same(actual[i], expected[i]);
            }

            merged = await MaxBatchSizeSeenAsync(batched) > 1;
        }

        merged.ShouldBeTrue("150 concurrent requests should have been merged into at least one multi-row Run");
    }

    [Fact]
    public async Task Requests_with_different_trailing_dims_are_grouped_apart_and_each_gets_its_own_rows()
    {
        await using var server = await ServingServer.StartAsync(TestModels.Identity(OnnxDataType.Float, -1, -1), "--max-batch-size", "64", "--max-batch-delay-us", "20000");
        var shapes = Enumerable.Range(0, 40).Select(i => (Rows: 1 + (i % 3), Cols: 2 + (i % 4))).ToArray();
        var responses = await Task.WhenAll(shapes.Select(async (s, i) =>
        {
            var data = Enumerable.Range(0, s.Rows * s.Cols).Select(k => (float)(i * 1000 + k)).ToArray();
            var request = $$"""{"id":"{{i}}","inputs":[{"name":"x","shape":[{{s.Rows}},{{s.Cols}}],"datatype":"FP32","data":[{{string.Join(',', data.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}]}]}""";
            var (status, body) = await server.InferJsonAsync(request);
            return (Index: i, Shape: s, Data: data, Status: status, Body: body);
        }));

        foreach (var r in responses)
        {
            r.Status.ShouldBe(HttpStatusCode.OK, r.Body?.ToJsonString());
            r.Body!["id"]!.GetValue<string>().ShouldBe(r.Index.ToString(CultureInfo.InvariantCulture));
            var output = r.Body["outputs"]![0]!;
            output["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([(long)r.Shape.Rows, r.Shape.Cols]);
            output["data"]!.AsArray().Select(d => d!.GetValue<float>()).ShouldBe(r.Data);
        }
    }

    [Fact]
    public async Task A_failed_merged_run_is_reported_to_each_of_its_requests_and_the_server_keeps_serving()
    {
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-broken"), "--max-batch-delay-us", "20000", "--max-batch-size", "256");
        var rows = IrisData.Rows();
        var outcomes = await Task.WhenAll(rows.Select(r => server.InferJsonAsync(Request(r.Features))));
        var failed = outcomes.Where(o => o.Status == HttpStatusCode.InternalServerError).ToList();
        failed.ShouldNotBeEmpty("iris-broken fails inside ONNX Runtime on part of the rows");
        failed.ShouldAllBe(o => o.Body!["error"]!.GetValue<string>().Contains("ONNX Runtime"));
        outcomes.ShouldAllBe(o => o.Status == HttpStatusCode.OK || o.Status == HttpStatusCode.InternalServerError);

        // Alone, a row that the model answers is answered.
        var good = new List<float[]>();
        foreach (var row in rows)
        {
            var (status, _) = await server.InferJsonAsync(Request(row.Features));
            if (status == HttpStatusCode.OK)
            {
                good.Add(row.Features);
            }
        }

        good.ShouldNotBeEmpty();
        (await server.InferJsonAsync(Request(good[0]))).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static string Request(float[] features) =>
        $$"""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[{{string.Join(',', features.Select(f => f.ToString(CultureInfo.InvariantCulture)))}}]}]}""";

    private static async Task<string> OutputsAsync(ServingServer server, float[] features)
    {
        var (status, body) = await server.InferJsonAsync(Request(features));
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["outputs"]!.ToJsonString();
    }

    private static void Same(string actual, string expected)
    {
        var a = JsonNode.Parse(actual)!.AsArray();
        var e = JsonNode.Parse(expected)!.AsArray();
        a[0]!["data"]!.ToJsonString().ShouldBe(e[0]!["data"]!.ToJsonString());
        a[0]!["shape"]!.ToJsonString().ShouldBe(e[0]!["shape"]!.ToJsonString());
        a[1]!["shape"]!.ToJsonString().ShouldBe(e[1]!["shape"]!.ToJsonString());
        var pa = a[1]!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var pe = e[1]!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        pa.Length.ShouldBe(pe.Length);
        for (var i = 0; i < pa.Length; i++)
        {
            // MLAS may sum in another order for another batch size: allow float rounding, nothing more.
            pa[i].ShouldBe(pe[i], 1e-6);
        }
    }

    private static async Task<double> MaxBatchSizeSeenAsync(ServingServer server)
    {
        var exposition = PrometheusText.Parse(await server.Client.GetStringAsync("/metrics"));
        var buckets = exposition.Where(s => s.Name == "model_inference_batch_size_bucket").ToList();
        var total = buckets.Single(s => s.Labels["le"] == "+Inf").Value;
        var ones = buckets.Single(s => s.Labels["le"] == "1").Value;
        return total > ones ? 2 : 1;
    }
}
