using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// <c>POST /v2/models/{name}/feedback</c> on real server processes with the real Iris models: feedback for a prediction
/// made by another process of another revision is judged from the id alone and attributed to that revision; the same id
/// twice is refused and not counted again; a garbled id, another row count and non-integer labels are 422 and counted
/// unmatched; a malformed body is 400; the API keys of infer guard it.
/// </summary>
public sealed class FeedbackTests : IDisposable
{
    private readonly AuthHelpers files = new();

    [Fact]
    public async Task Feedback_for_a_prediction_of_another_revision_is_judged_and_attributed_to_it_and_counted_once()
    {
        await using var stable = await ServingProcess.StartAsync("iris-v1", "iris", "1", ["--model-revision", "rev-stable"]);
        await using var canary = await ServingProcess.StartAsync("iris-skewed", "iris", "3", ["--model-revision", "rev-canary"]);
        using var toStable = new HttpClient { BaseAddress = stable.Address };
        using var toCanary = new HttpClient { BaseAddress = canary.Address };
        var data = IrisData.Rows();
        var picks = Enumerable.Range(0, 30).Select(i => data[(i * 7) % data.Count]).ToArray();

        var expectedCorrect = 0;
        var expectedIncorrect = 0;
        foreach (var chunk in picks.Chunk(3))
        {
            var answer = await InferAsync(toStable, chunk.Select(r => r.Features).ToArray());
            var predicted = PredictionIdTests.Labels(answer);
            var truth = chunk.Select(r => r.Label).ToArray();
            var (status, body) = await FeedbackAsync(toCanary, PredictionIdTests.Id(answer), truth);
            status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
            var outcomes = body!["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()).ToArray();
            outcomes.ShouldBe(predicted.Zip(truth, (p, t) => p == t ? "correct" : "incorrect").ToArray());
            expectedCorrect += outcomes.Count(o => o == "correct");
            expectedIncorrect += outcomes.Count(o => o == "incorrect");
        }

        expectedIncorrect.ShouldBeGreaterThan(0, "iris-v1 misses some of these rows, so both outcomes are exercised");
        var own = await InferAsync(toCanary, [picks[0].Features]);
        (await FeedbackAsync(toCanary, PredictionIdTests.Id(own), [picks[0].Label])).Status.ShouldBe(HttpStatusCode.OK);

        var samples = PrometheusText.Parse(await canary.MetricsAsync());
        Feedback(samples, "rev-stable", "correct").ShouldBe(expectedCorrect);
        Feedback(samples, "rev-stable", "incorrect").ShouldBe(expectedIncorrect);
        (Feedback(samples, "rev-canary", "correct") + Feedback(samples, "rev-canary", "incorrect")).ShouldBe(1);
        samples.Where(s => s.Name == "model_feedback_total" && s.Labels["prediction_revision"] == "rev-canary").Select(s => s.Labels["outcome"]).Order().ToArray()
            .ShouldBe(new[] { "correct", "incorrect", "unmatched" }, "every outcome's series exists from the first label on, so increase() loses none");
        samples.Where(s => s.Name == "model_feedback_total").ShouldAllBe(s => s.Labels["model_revision"] == "rev-canary", "model_revision is the receiving pod's");
        samples.Single(s => s.Name == "model_feedback_delay_seconds_count").Value.ShouldBe(11);
        PrometheusText.Parse(await stable.MetricsAsync()).Where(s => s.Name == "model_feedback_total").ShouldBeEmpty("feedback counts where it arrives");

        var again = await InferAsync(toStable, [picks[1].Features]);
        (await FeedbackAsync(toCanary, PredictionIdTests.Id(again), [picks[1].Label])).Status.ShouldBe(HttpStatusCode.OK);
        var (duplicate, refusal) = await FeedbackAsync(toCanary, PredictionIdTests.Id(again), [picks[1].Label]);
        duplicate.ShouldBe(HttpStatusCode.Conflict);
        refusal!["error"]!.GetValue<string>().ShouldContain("already counted");
        var after = PrometheusText.Parse(await canary.MetricsAsync());
        (Feedback(after, "rev-stable", "correct") + Feedback(after, "rev-stable", "incorrect")).ShouldBe(expectedCorrect + expectedIncorrect + 1, "the second is not counted");
    }

    [Fact]
    public async Task Unattributable_ids_are_422_and_counted_unmatched_and_malformed_bodies_are_400()
    {
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2", ["--model-revision", "rev-b"]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var answer = await InferAsync(http, [ServingProcess.IrisRows[0], ServingProcess.IrisRows[1]]);
        var id = PredictionIdTests.Id(answer);

        var garbled = id[..6] + (id[6] == 'A' ? 'B' : 'A') + id[7..];
        var (status, body) = await FeedbackAsync(http, garbled, [0, 0]);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["error"]!.GetValue<string>().ShouldContain("check");

        (status, body) = await FeedbackAsync(http, id, [0]);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["error"]!.GetValue<string>().ShouldContain("2 rows but 1 labels");

        (status, body) = await PostAsync(http, $$"""{"prediction_id":"{{id}}","labels":["setosa","setosa"]}""");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["error"]!.GetValue<string>().ShouldContain("integers");

        var samples = PrometheusText.Parse(await server.MetricsAsync());
        Feedback(samples, "", "unmatched").ShouldBe(2);
        Feedback(samples, "rev-b", "unmatched").ShouldBe(3);

        foreach (var malformed in new[] { "not json", "[1]", """{"labels":[1]}""", $$"""{"prediction_id":"{{id}}"}""", $$"""{"prediction_id":"{{id}}","labels":[]}""", $$"""{"prediction_id":"{{id}}","labels":[1.5, 0]}""" })
        {
            (status, body) = await PostAsync(http, malformed);
            status.ShouldBe(HttpStatusCode.BadRequest, malformed);
            body!["error"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }

        (status, _) = await PostAsync(http, $$"""{"prediction_id":"{{id}}","labels":[0,0]}""", "v2/models/other/feedback");
        status.ShouldBe(HttpStatusCode.NotFound);
        (status, body) = await PostAsync(http, $$"""{"prediction_id":"{{id}}","labels":["0", 0]}""");
        status.ShouldBe(HttpStatusCode.OK, "integers may come as strings");
        body!["outcomes"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Feedback_needs_the_same_api_key_as_infer()
    {
        var keys = files.WriteSecret("keys", "alpha-key-0001\n");
        await using var server = await AuthHelpers.StartAsync("--api-keys-file", keys);
        using var anonymous = AuthHelpers.Client(server.Address);
        using var alpha = AuthHelpers.Client(server.Address, "alpha-key-0001");
        var answer = await InferAsync(alpha, [ServingProcess.IrisRows[0]]);
        (await FeedbackAsync(anonymous, PredictionIdTests.Id(answer), [0])).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await FeedbackAsync(alpha, PredictionIdTests.Id(answer), [0])).Status.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose() => files.Dispose();

    private static double Feedback(IEnumerable<PrometheusText.Sample> samples, string revision, string outcome) =>
        samples.Where(s => s.Name == "model_feedback_total" && s.Labels["prediction_revision"] == revision && s.Labels["outcome"] == outcome).Sum(s => s.Value);

    private static async Task<JsonNode> InferAsync(HttpClient http, float[][] rows)
    {
        using var response = await http.PostAsync("v2/models/iris/infer", new StringContent(PredictionIdTests.JsonRequest(rows), Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static Task<(HttpStatusCode Status, JsonNode? Body)> FeedbackAsync(HttpClient http, string id, long[] labels) =>
        PostAsync(http, new JsonObject { ["prediction_id"] = id, ["labels"] = new JsonArray([.. labels.Select(l => (JsonNode)l)]) }.ToJsonString());

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(HttpClient http, string body, string path = "v2/models/iris/feedback")
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
