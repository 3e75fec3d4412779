using Rollouts.ModelBuilder.Models;

namespace Rollouts.ModelBuilder.Output;

/// <summary>A model as written to disk.</summary>
/// <param name="Model">What was built.</param>
/// <param name="ModelPath">Path of model.onnx.</param>
/// <param name="SizeBytes">Size of model.onnx in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of model.onnx (what <c>--model-sha256</c> expects).</param>
public sealed record WrittenModel(BuiltModel Model, string ModelPath, long SizeBytes, string Sha256);
