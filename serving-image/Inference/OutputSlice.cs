using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// The part of a Run's output tensor that belongs to one request: a merged Run's outputs hold every merged request's
/// rows, so a request gets rows [RowStart, RowStart + Rows) and a shape with its own row count; an unmerged one gets all.
/// </summary>
/// <param name="Shape">The request's shape of the output.</param>
/// <param name="Start">First element (flat, row-major) of the request's part.</param>
/// <param name="Count">Elements in the request's part.</param>
public readonly record struct OutputSlice(long[] Shape, int Start, int Count)
{
    /// <summary>The slice of <paramref name="tensor"/> that <paramref name="outcome"/> gives its request.</summary>
    public static OutputSlice Of(Tensor tensor, InferenceOutcome outcome)
    {
        var shape = tensor.Shape;
        if (outcome.Rows < 0 || shape.Length == 0)
        {
            return new OutputSlice(shape, 0, tensor.Length);
        }

        long rowSize = 1;
        for (var d = 1; d < shape.Length; d++)
        {
            rowSize *= shape[d];
        }

        var own = (long[])shape.Clone();
        own[0] = outcome.Rows;
        return new OutputSlice(own, (int)(outcome.RowStart * rowSize), (int)(outcome.Rows * rowSize));
    }
}
