using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Feedback;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Http;

/// <summary>
/// <c>POST /v2/models/{name}/feedback</c> (<see cref="FeedbackRequest"/>): 404 for another model name; 400 with a message
/// for a body that is not the feedback object; 422 for a prediction id that cannot be attributed (its labels counted
/// <c>unmatched</c>); 409 for an id this pod already counted; else 200
/// <c>{"prediction_id": "...", "outcomes": ["correct", "incorrect", ...]}</c>, one outcome per label (<see cref="FeedbackJudge"/>).
/// It needs no loaded model: the id carries what is judged. Authentication and rate limits are those of infer (the
/// <see cref="Security.RequestGate"/> covers every path but health and metrics); refusals go through <see cref="Refusal"/>.
/// </summary>
public sealed class FeedbackHandler(ModelHost host, FeedbackJudge judge)
{
    /// <summary>Handles one feedback request.</summary>
    public async Task HandleAsync(HttpContext context, string name)
    {
        if (host.Mismatch(name, null) is { } unknown)
        {
            await Refusal.WriteAsync(context, RefusalKind.UnknownModel, unknown).ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await Refusal.WriteAsync(context, RefusalKind.BadRequest, $"the feedback body is not JSON: {e.Message}").ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Over --max-request-bytes (413) or a broken body.
            await JsonResponses.WriteErrorAsync(context, e.StatusCode, $"bad feedback request: {e.Message}").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            if (FeedbackRequest.TryRead(document.RootElement, out var error) is not { } request)
            {
                await Refusal.WriteAsync(context, RefusalKind.BadRequest, error!).ConfigureAwait(false);
                return;
            }

            var (outcomes, refusal) = judge.Judge(request);
            if (refusal is { } r)
            {
                await Refusal.WriteAsync(context, r.Kind, r.Message).ConfigureAwait(false);
                return;
            }

            await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (request.PredictionId, outcomes!), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteString("prediction_id"u8, s.PredictionId);
                w.WriteStartArray("outcomes"u8);
                foreach (var outcome in s.Item2)
                {
                    w.WriteStringValue(FeedbackOutcomes.Label(outcome));
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }
}
