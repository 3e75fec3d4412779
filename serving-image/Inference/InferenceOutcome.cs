using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// What one request gets back from a Run: the output tensors (all model outputs, model order) and the rows that are
/// this request's (a merged Run's outputs hold every merged request's rows), or an error from inside ONNX Runtime.
/// </summary>
/// <param name="Outputs">Every model output of the Run, or null on failure.</param>
/// <param name="RowStart">First row of this request in the outputs.</param>
/// <param name="Rows">Rows of this request; -1 when the outputs are this request's alone and returned whole.</param>
/// <param name="Error">The failure message, or null.</param>
/// <param name="Unavailable">True when the request was not run because the server is stopping or the queue is full (HTTP 503 / gRPC UNAVAILABLE, else 500 / INTERNAL).</param>
/// <param name="RetryAfter">Set when the queue was full (load shedding): how long the client should wait before retrying.</param>
public sealed record InferenceOutcome(IReadOnlyList<Tensor>? Outputs, long RowStart, long Rows, string? Error, bool Unavailable = false, TimeSpan? RetryAfter = null)
{
    /// <summary>The outcome of a request refused because <paramref name="limit"/> requests already wait for the model.</summary>
    public static InferenceOutcome QueueFull(int limit, TimeSpan retryAfter) =>
        new(null, 0, -1, $"the server is overloaded: {limit} requests already wait for the model (--max-queued-requests); retry later", Unavailable: true, RetryAfter: retryAfter);

    /// <summary>The outcome of a request that arrived or waited while the server stopped.</summary>
    public static InferenceOutcome ShuttingDown { get; } = new(null, 0, -1, "the server is shutting down", Unavailable: true);

    /// <summary>An outcome carrying whole outputs.</summary>
    public static InferenceOutcome Whole(IReadOnlyList<Tensor> outputs) => new(outputs, 0, -1, null);

    /// <summary>A failed outcome.</summary>
    public static InferenceOutcome Failed(string error) => new(null, 0, -1, error);
}
