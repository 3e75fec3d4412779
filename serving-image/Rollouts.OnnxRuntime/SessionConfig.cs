namespace Rollouts.OnnxRuntime;

/// <summary>
/// Options for <see cref="InferenceSession.Load(OrtEnvironment, byte[], SessionConfig)"/>, applied through ONNX Runtime's
/// session options.
/// </summary>
/// <param name="IntraOpThreads">Threads used inside one operator (<c>SetIntraOpNumThreads</c>); 0 lets ONNX Runtime choose
/// (one per physical core), 1 runs on the calling thread only. Must be ≥ 0.</param>
/// <param name="InterOpThreads">Threads used to run independent operators in parallel (<c>SetInterOpNumThreads</c>); only
/// used with <paramref name="ParallelExecution"/>; 0 lets ONNX Runtime choose. Must be ≥ 0.</param>
/// <param name="AllowSpinning">Whether idle pool threads spin before sleeping (session config entries
/// <c>session.intra_op.allow_spinning</c> and <c>session.inter_op.allow_spinning</c>, "1"/"0"). Spinning lowers latency
/// at the cost of CPU burned while waiting; off suits a shared machine.</param>
/// <param name="Optimization">Graph optimisation level (<c>SetSessionGraphOptimizationLevel</c>).</param>
/// <param name="ParallelExecution">False (the default) runs operators sequentially (<c>ORT_SEQUENTIAL</c>), true lets
/// independent branches run in parallel (<c>ORT_PARALLEL</c>).</param>
public sealed record SessionConfig(
    int IntraOpThreads = 0,
    int InterOpThreads = 1,
    bool AllowSpinning = false,
    GraphOptimization Optimization = GraphOptimization.All,
    bool ParallelExecution = false)
{
    /// <summary>The defaults: ONNX Runtime's intra-op thread count, sequential execution, no spinning, all optimisations.</summary>
    public static SessionConfig Default { get; } = new();
}
