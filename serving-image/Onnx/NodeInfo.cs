using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Onnx;

/// <summary>One input or output of a loaded model, as ONNX Runtime reports it.</summary>
/// <param name="Name">The graph's name for the value, exactly as in the model (e.g. <c>"input"</c>, <c>"onnx::Flatten_0"</c>, <c>"39"</c>).</param>
/// <param name="IsTensor">True for a dense tensor; false for sequences, maps, optionals, sparse tensors and opaque values
/// (e.g. a scikit-learn ZipMap output), which <see cref="OnnxSession.Run"/> does not return.</param>
/// <param name="ElementType">The tensor's element type; <see cref="TensorElementType.Undefined"/> when not a tensor.</param>
/// <param name="Shape">The tensor's dimensions, -1 for a dynamic or symbolic dimension (e.g. <c>[-1, 4]</c>); empty for a
/// scalar, for non-tensors, and when the model declares no shape at all.</param>
/// <param name="TypeDescription">ONNX's spelling of the type, e.g. <c>"tensor(float)"</c>, <c>"seq(map(int64,tensor(float)))"</c>.</param>
public sealed record NodeInfo(string Name, bool IsTensor, TensorElementType ElementType, long[] Shape, string TypeDescription);
