using Microsoft.ML.OnnxRuntime;

namespace Rollouts.Serving.Onnx;

/// <summary>
/// The process-wide ONNX Runtime environment (ONNX Runtime keeps one <c>OrtEnv</c> per process), created on first use
/// with log id "model-rollouts" and logging at WARNING to stderr. The native library is the one the
/// Microsoft.ML.OnnxRuntime package ships (<c>runtimes/linux-x64/native/libonnxruntime.so</c>, resolved beside the
/// server's assembly); this project pins the package at 1.31.1 (C API version 23 and up).
/// </summary>
public static class OrtRuntime
{
    private const string LogId = "model-rollouts";

    private static readonly Lazy<OrtEnv> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The environment; the first access loads the native library.</summary>
    /// <exception cref="DllNotFoundException">The native library is missing beside the assembly (a broken publish).</exception>
    public static OrtEnv Environment => Shared.Value;

    /// <summary>The native library's version string, e.g. "1.31.1" (<c>OrtApiBase::GetVersionString</c>).</summary>
    public static string Version => Environment.GetVersionString();

    private static OrtEnv Create()
    {
        if (OrtEnv.IsCreated)
        {
            // Something created the default environment first (e.g. a test that used the package directly).
            return OrtEnv.Instance();
        }

        var options = new EnvironmentCreationOptions { logId = LogId, logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }
}
