namespace Rollouts.Serving.Inference;

/// <summary>Thrown inside <see cref="InferRequestParser"/> for a client mistake; caught there and turned into a message.</summary>
internal sealed class RequestFormatException(string message) : Exception(message);
