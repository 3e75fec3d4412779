namespace Rollouts.Serving.Inference;

/// <summary>A parsed Open Inference Protocol infer request.</summary>
/// <param name="Id">The request's <c>id</c>, echoed in the response; null when absent.</param>
/// <param name="Inputs">Inputs in request order.</param>
/// <param name="OutputNames">Requested output names in request order, or null for all outputs.</param>
public sealed record InferRequest(string? Id, IReadOnlyList<RequestInput> Inputs, IReadOnlyList<string>? OutputNames)
{
    /// <summary>The binary tensor extension's request-level <c>parameters.binary_data_output</c>: every output binary by default.</summary>
    public bool BinaryDataOutput { get; init; }

    /// <summary>Each requested output's <c>parameters.binary_data</c> (null where not given), parallel to <see cref="OutputNames"/>; null when none has it.</summary>
    public IReadOnlyList<bool?>? OutputBinaryData { get; init; }
}
