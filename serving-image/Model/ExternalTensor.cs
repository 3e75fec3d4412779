namespace Rollouts.Serving.Model;

/// <summary>A tensor of an ONNX model whose data lives outside the model file (<c>data_location: EXTERNAL</c>).</summary>
/// <param name="Name">The tensor's name (an initializer's name; may be empty for an attribute tensor).</param>
/// <param name="Location">The <c>external_data</c> entry with key <c>location</c>: the file, relative to the model's
/// folder; null when the model names none.</param>
public sealed record ExternalTensor(string Name, string? Location);
