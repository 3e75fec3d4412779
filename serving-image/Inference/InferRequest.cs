namespace Rollouts.Serving.Inference;

/// <summary>A parsed Open Inference Protocol infer request.</summary>
/// <param name="Id">The request's <c>id</c>, echoed in the response; null when absent.</param>
/// <param name="Inputs">Inputs in request order.</param>
/// <param name="OutputNames">Requested output names in request order, or null for all outputs.</param>
public sealed record InferRequest(string? Id, IReadOnlyList<RequestInput> Inputs, IReadOnlyList<string>? OutputNames);
