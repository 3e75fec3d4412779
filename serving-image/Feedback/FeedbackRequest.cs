using System.Globalization;
using System.Text.Json;

namespace Rollouts.Serving.Feedback;

/// <summary>
/// The body of <c>POST /v2/models/{name}/feedback</c>: <c>{"prediction_id": "&lt;id&gt;", "labels": [&lt;true label per row&gt;]}</c>,
/// labels integers or strings, at least one and at most <see cref="PredictionId.MaxRows"/>; other members are ignored.
/// </summary>
/// <param name="PredictionId">The id from the infer answer's <c>parameters.prediction_id</c>.</param>
/// <param name="Labels">The true label of each row of that request, in row order.</param>
public sealed record FeedbackRequest(string PredictionId, IReadOnlyList<TrueLabel> Labels)
{
    /// <summary>Reads a body; null with a message for a 400 when it is not such an object.</summary>
    public static FeedbackRequest? TryRead(JsonElement body, out string? error)
    {
        const string Shape = """expected {"prediction_id": "<id from the infer answer>", "labels": [<true label per row, integers or strings>]}""";
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = $"the feedback body is a JSON {body.ValueKind.ToString().ToLowerInvariant()}: {Shape}";
            return null;
        }

        if (!body.TryGetProperty("prediction_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } text)
        {
            error = $"prediction_id is missing or not a non-empty string: {Shape}";
            return null;
        }

        if (!body.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array || labels.GetArrayLength() is 0 or > Feedback.PredictionId.MaxRows)
        {
            error = $"labels is missing, not an array, empty, or longer than {Feedback.PredictionId.MaxRows}: {Shape}";
            return null;
        }

        var read = new List<TrueLabel>(labels.GetArrayLength());
        foreach (var label in labels.EnumerateArray())
        {
            if (label.ValueKind == JsonValueKind.String)
            {
                var value = label.GetString()!;
                read.Add(new TrueLabel(long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null, value));
            }
            else if (label.ValueKind == JsonValueKind.Number && label.TryGetInt64(out var integer))
            {
                read.Add(new TrueLabel(integer, integer.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                error = $"labels[{read.Count}] is {label.GetRawText()}: each label is an integer or a string";
                return null;
            }
        }

        error = null;
        return new FeedbackRequest(text, read);
    }
}
