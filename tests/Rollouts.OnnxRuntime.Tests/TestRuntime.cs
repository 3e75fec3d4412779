using Rollouts.Testing;

namespace Rollouts.OnnxRuntime.Tests;

/// <summary>The real ONNX Runtime library the tests run against (<see cref="RepositoryPaths.OnnxRuntimeLibrary"/>).</summary>
internal static class TestRuntime
{
    private static readonly Lazy<OrtEnvironment> Lazy = new(() => OrtEnvironment.Load(RepositoryPaths.OnnxRuntimeLibrary));

    /// <summary>One environment for the whole test run (ONNX Runtime keeps one per process anyway).</summary>
    public static OrtEnvironment Environment => Lazy.Value;

    /// <summary>Loads <paramref name="model"/> with <paramref name="config"/> (single intra-op thread by default: the machine is shared).</summary>
    public static InferenceSession Load(byte[] model, SessionConfig? config = null) =>
        InferenceSession.Load(Environment, model, config ?? new SessionConfig(IntraOpThreads: 1));
}
