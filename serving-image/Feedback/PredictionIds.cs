using Rollouts.Serving.Hosting;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Feedback;

/// <summary>
/// Issues the <see cref="PredictionId"/> of each successful infer response (REST JSON, binary tensor and gRPC alike):
/// this server's revision (<see cref="SeriesIdentity.Revision"/>), the time from the injected <see cref="TimeProvider"/>,
/// a fresh random nonce and the request's own predicted labels (<see cref="LabelSource"/>). Computed per response from
/// the outputs the request got, never stored: an answer from the prediction cache gets an id of its own.
/// </summary>
public sealed class PredictionIds(ServingOptions options, TimeProvider time)
{
    /// <summary>The response parameter (REST top-level <c>parameters</c>, gRPC <c>parameters</c>) that carries the id.</summary>
    public const string ParameterName = "prediction_id";

    private readonly string revision = options.Identity.Revision ?? "";
    private volatile Tuple<ModelSignature, LabelSource>? source;

    /// <summary>The id of <paramref name="outcome"/> (successful) for a model of <paramref name="signature"/>, or null for a prediction over <see cref="PredictionId.MaxRows"/> rows or whose id would be too long.</summary>
    public string? Issue(ModelSignature signature, InferenceOutcome outcome)
    {
        var labels = SourceFor(signature).Labels(outcome);
        if (labels.Rows > PredictionId.MaxRows)
        {
            return null;
        }

        var now = (uint)Math.Clamp(time.GetUtcNow().ToUnixTimeSeconds(), 0, uint.MaxValue);
        var nonce = Random.Shared.NextInt64() & 0xFFFF_FFFF_FFFF;
        return new PredictionId(revision, now, nonce, labels).Encode();
    }

    private LabelSource SourceFor(ModelSignature signature)
    {
        var known = source;
        if (known is not null && ReferenceEquals(known.Item1, signature))
        {
            return known.Item2;
        }

        var created = LabelSource.For(signature);
        source = Tuple.Create(signature, created);
        return created;
    }
}
