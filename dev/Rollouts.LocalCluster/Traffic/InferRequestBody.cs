using System.Globalization;
using System.Text;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>Open Inference Protocol (V2) request bodies for the Iris models.</summary>
public static class InferRequestBody
{
    /// <summary>
    /// <c>{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[...]}]}</c> for one row of four features.
    /// </summary>
    public static string ForRow(IReadOnlyList<float> row)
    {
        var sb = new StringBuilder("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,");
        sb.Append(row.Count.ToString(CultureInfo.InvariantCulture)).Append("],\"data\":[");
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(row[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.Append("]}]}").ToString();
    }

    /// <summary>The infer path of a model: <c>/v2/models/{name}/infer</c>.</summary>
    public static string Path(string modelName) => $"/v2/models/{Uri.EscapeDataString(modelName)}/infer";

    /// <summary>The feedback path of a model: <c>/v2/models/{name}/feedback</c>.</summary>
    public static string FeedbackPath(string modelName) => $"/v2/models/{Uri.EscapeDataString(modelName)}/feedback";

    /// <summary>A feedback body: <c>{"prediction_id":"ID","labels":[L, ...]}</c> (one true label per row of the request the id came from).</summary>
    public static string Feedback(string predictionId, IReadOnlyList<int> labels) =>
        System.Text.Json.JsonSerializer.Serialize(new FeedbackBody(predictionId, labels), FeedbackJson.Default.FeedbackBody);

    /// <summary>The answer's <c>parameters.prediction_id</c>, or null when it has none or is not JSON.</summary>
    public static string? PredictionId(string answer)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(answer);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("parameters", out var parameters)
                && parameters.ValueKind == System.Text.Json.JsonValueKind.Object
                && parameters.TryGetProperty("prediction_id", out var id)
                && id.ValueKind == System.Text.Json.JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>The feedback body's shape.</summary>
/// <param name="PredictionId">The answer's prediction id.</param>
/// <param name="Labels">True labels, one per row.</param>
internal sealed record FeedbackBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("prediction_id")] string PredictionId,
    [property: System.Text.Json.Serialization.JsonPropertyName("labels")] IReadOnlyList<int> Labels);

/// <summary>Source-generated JSON for <see cref="FeedbackBody"/>.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(FeedbackBody))]
internal sealed partial class FeedbackJson : System.Text.Json.Serialization.JsonSerializerContext;
