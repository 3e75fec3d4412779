using Rollouts.OnnxRuntime;

namespace Rollouts.Serving.Model;

/// <summary>The process-wide ONNX Runtime environment (one per process, as ONNX Runtime asks), created on first use.</summary>
public static class OrtRuntime
{
    /// <summary>The environment; the first call loads the native library (ORT_LIBRARY_PATH, the project cache, then the system).</summary>
    /// <exception cref="OrtLibraryException">The library cannot be found or bound.</exception>
    public static OrtEnvironment Environment => OrtEnvironment.Shared;
}
