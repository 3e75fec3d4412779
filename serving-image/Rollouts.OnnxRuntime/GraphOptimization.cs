namespace Rollouts.OnnxRuntime;

/// <summary>
/// Graph optimisation level applied when a session loads a model; values are ONNX Runtime's <c>GraphOptimizationLevel</c>
/// (see https://onnxruntime.ai/docs/performance/model-optimizations/graph-optimizations.html).
/// </summary>
public enum GraphOptimization
{
    /// <summary><c>ORT_DISABLE_ALL</c>: no optimisation.</summary>
    None = 0,

    /// <summary><c>ORT_ENABLE_BASIC</c>: semantics-preserving rewrites such as constant folding and redundant-node removal.</summary>
    Basic = 1,

    /// <summary><c>ORT_ENABLE_EXTENDED</c>: basic plus complex node fusions.</summary>
    Extended = 2,

    /// <summary><c>ORT_ENABLE_ALL</c>: every optimisation, including layout transformations.</summary>
    All = 99,
}
