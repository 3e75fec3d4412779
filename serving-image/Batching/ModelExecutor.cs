using Rollouts.Serving.Drift;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Onnx;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Batching;

/// <summary>
/// Runs the ONNX Runtime session: times each Run (compute duration and batch size metrics), turns a failure inside
/// ONNX Runtime into a failed outcome, and feeds the drift monitor after the outputs exist.
/// </summary>
public sealed class ModelExecutor(OnnxSession session, IServingMetrics metrics, DriftMonitor? drift, TimeProvider time)
{
    /// <summary>The time source for queue and compute durations.</summary>
    public TimeProvider Time => time;

    /// <summary>The metrics sink.</summary>
    public IServingMetrics Metrics => metrics;

    /// <summary>Runs once over <paramref name="inputs"/> (<paramref name="rows"/> is the batch size for the metric, 1 when unknown).</summary>
    public InferenceOutcome Execute(IReadOnlyList<Tensor> inputs, long rows, out IReadOnlyList<Tensor>? outputs)
    {
        var start = time.GetTimestamp();
        try
        {
            outputs = session.Run(inputs);
            metrics.Computed(Math.Max(1, rows), time.GetElapsedTime(start).TotalSeconds);
            return InferenceOutcome.Whole(outputs);
        }
        catch (OnnxRuntimeFailure e)
        {
            outputs = null;
            metrics.Computed(Math.Max(1, rows), time.GetElapsedTime(start).TotalSeconds);
            return InferenceOutcome.Failed($"inference failed inside ONNX Runtime ({e.Code}): {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OutOfMemoryException)
        {
            outputs = null;
            return InferenceOutcome.Failed($"inference failed: {e.Message}");
        }
    }

    /// <summary>Adds the rows of a finished Run to the drift windows (no-op without a baseline).</summary>
    public void ObserveDrift(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        try
        {
            drift?.Observe(inputs, outputs);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or InvalidCastException or ArgumentException)
        {
            // Drift is best effort: outputs that do not have the shape the baseline was bound to are not counted.
        }
    }
}
