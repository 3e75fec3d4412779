namespace Rollouts.ModelBuilder.Training;

/// <summary>Element-wise function applied after a dense layer's affine map.</summary>
public enum Activation
{
    /// <summary>Identity (the layer emits logits).</summary>
    None,
    /// <summary>Hyperbolic tangent (ONNX Tanh).</summary>
    Tanh,
    /// <summary>max(x, 0) (ONNX Relu).</summary>
    Relu,
}
