using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>A request that passed validation against the model, ready to run.</summary>
/// <param name="Id">The request's <c>id</c> (echoed), or null.</param>
/// <param name="Inputs">One tensor per model input, in the model's input order.</param>
/// <param name="OutputIndices">Indices into the model's outputs to return, in the order requested.</param>
/// <param name="Rows">The request's batch size (first dim) when the model is batchable and all inputs agree on it; else -1.</param>
public sealed record ValidatedRequest(string? Id, IReadOnlyList<Tensor> Inputs, int[] OutputIndices, long Rows)
{
    /// <summary>Whether this request can be merged with others that have the same trailing dims.</summary>
    public bool Mergeable => Rows >= 0;

    /// <summary>Per entry of <see cref="OutputIndices"/>, whether it goes back binary (binary tensor extension); null when none does.</summary>
    public bool[]? BinaryOutputs { get; init; }
}
