using System.Collections.Concurrent;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Metrics;

namespace Rollouts.Serving.Feedback;

/// <summary>
/// Judges feedback from its prediction id alone (<see cref="PredictionId"/>), so any pod of the ModelDeployment can:
/// each true label against the label the prediction gave its row, counted in <c>model_feedback_total</c> under the
/// revision that made the prediction, and the delay since the prediction in <c>model_feedback_delay_seconds</c>. An id
/// that cannot be attributed (garbled, a model without labels, another row count, integer predictions given non-integer
/// labels) counts every label <c>unmatched</c>. <see cref="CountedIds"/> refuses an id already counted here, uncounted.
/// At most <see cref="MaxRevisions"/> distinct <c>prediction_revision</c> values are exported (this pod's own always),
/// since ids come from clients; feedback naming yet another revision is unmatched with an empty revision.
/// </summary>
public sealed class FeedbackJudge(ServingOptions options, IServingMetrics metrics, TimeProvider time)
{
    /// <summary>The most distinct prediction revisions counted by one pod.</summary>
    public const int MaxRevisions = 16;

    private readonly CountedIds counted = new();
    private readonly ConcurrentDictionary<string, bool> revisions = new(StringComparer.Ordinal) { [options.Identity.Revision ?? ""] = true };

    /// <summary>The outcome per label, or the refusal (its kind and message) of feedback that was not judged.</summary>
    public (IReadOnlyList<FeedbackOutcome>? Outcomes, (Http.RefusalKind Kind, string Message)? Refusal) Judge(FeedbackRequest request)
    {
        var count = request.Labels.Count;
        if (PredictionId.TryDecode(request.PredictionId, out var error) is not { } id)
        {
            return Unmatched("", count, error!);
        }

        if (!revisions.ContainsKey(id.Revision) && (revisions.Count >= MaxRevisions || !revisions.TryAdd(id.Revision, true)))
        {
            return Unmatched("", count, $"prediction_id names revision '{id.Revision}', but this pod already counts feedback for {MaxRevisions} revisions");
        }

        var predicted = id.Labels;
        if (!predicted.HasLabels)
        {
            return Unmatched(id.Revision, count, "the prediction has no label to judge: the model has no integer, bool or string output and no [N, C] float output");
        }

        if (predicted.Rows != count)
        {
            return Unmatched(id.Revision, count, $"the prediction answered {predicted.Rows} rows but {count} labels came: send one true label per row, in row order");
        }

        var outcomes = new FeedbackOutcome[count];
        for (var row = 0; row < count; row++)
        {
            var label = request.Labels[row];
            if (predicted.Integers is { } integers)
            {
                if (label.Integer is not long truth)
                {
                    return Unmatched(id.Revision, count, $"the prediction's labels are integers (class indices of the model's label output), but labels[{row}] is '{label.Text}'");
                }

                outcomes[row] = integers[row] == truth ? FeedbackOutcome.Correct : FeedbackOutcome.Incorrect;
            }
            else
            {
                outcomes[row] = string.Equals(predicted.Strings![row], label.Text, StringComparison.Ordinal) ? FeedbackOutcome.Correct : FeedbackOutcome.Incorrect;
            }
        }

        if (!counted.TryAdd(request.PredictionId))
        {
            return (null, (Http.RefusalKind.AlreadyCounted, "feedback for this prediction_id was already counted by this pod"));
        }

        var correct = outcomes.Count(o => o == FeedbackOutcome.Correct);
        if (correct > 0)
        {
            metrics.Feedback(id.Revision, FeedbackOutcome.Correct, correct);
        }

        if (count - correct > 0)
        {
            metrics.Feedback(id.Revision, FeedbackOutcome.Incorrect, count - correct);
        }

        metrics.FeedbackDelay(time.GetUtcNow().ToUnixTimeSeconds() - (double)id.IssuedAtUnixSeconds);
        return (outcomes, null);
    }

    private (IReadOnlyList<FeedbackOutcome>?, (Http.RefusalKind, string)?) Unmatched(string revision, int labels, string message)
    {
        metrics.Feedback(revision, FeedbackOutcome.Unmatched, labels);
        return (null, (Http.RefusalKind.Unattributable, message));
    }
}
