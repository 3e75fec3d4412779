using Rollouts.Serving.Model;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// Checks a parsed request against the model's signature before anything runs: every model input present once,
/// no unknown input, datatype equal to the model's, shape fitting the model's dims (same rank, fixed dims equal),
/// element count equal to the shape's product, batch (first dim) within the limit, output names known.
/// Messages name the input and say what was expected and what came.
/// </summary>
public static class InferRequestValidator
{
    private static readonly int[][] AllOutputsCache = new int[33][];

    /// <summary>Returns the validated request, or null with a client error message.</summary>
    public static ValidatedRequest? Validate(InferRequest request, ModelSignature signature, int maxBatchSize, out string? error)
    {
        error = null;
        var specs = signature.Inputs;
        var tensors = new Tensor[specs.Count];
        long rows = signature.Batchable ? -2 : -1;
        foreach (var input in request.Inputs)
        {
            var index = signature.InputIndex(input.Name);
            if (index < 0)
            {
                error = $"unknown input '{input.Name}': the model's inputs are {Names(specs)}";
                return null;
            }

            if (tensors[index] is not null)
            {
                error = $"input '{input.Name}' is given more than once";
                return null;
            }

            var spec = specs[index];
            error = Check(input, spec, maxBatchSize);
            if (error is not null)
            {
                return null;
            }

            if (rows != -1)
            {
                var first = input.Shape[0];
                rows = rows == -2 || rows == first ? first : -1;
            }

            tensors[index] = TensorFactory.FromArray(input.Name, input.Shape, input.Data);
        }

        for (var i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null)
            {
                error = $"missing input '{specs[i].Name}' ({specs[i].Datatype} {specs[i].ShapeText})";
                return null;
            }
        }

        var outputs = OutputIndices(request.OutputNames, signature, out error);
        return outputs is null ? null : new ValidatedRequest(request.Id, tensors, outputs, rows < 0 ? -1 : rows) { BinaryOutputs = BinaryOutputs(request, outputs.Length) };
    }

    private static string? Check(RequestInput input, TensorSpec spec, int maxBatchSize)
    {
        if (input.ElementType != spec.ElementType)
        {
            return $"wrong datatype for input '{spec.Name}': expected {spec.Datatype}, got {V2Datatype.NameOf(input.ElementType)}";
        }

        var shape = input.Shape;
        var fits = shape.Length == spec.Shape.Length;
        for (var d = 0; fits && d < shape.Length; d++)
        {
            fits = spec.Shape[d] < 0 || spec.Shape[d] == shape[d];
        }

        if (!fits)
        {
            return $"unexpected shape for input '{spec.Name}': expected {spec.ShapeText}, got {ShapeFormat.Format(shape)}";
        }

        long count = 1;
        try
        {
            foreach (var dim in shape)
            {
                count = checked(count * dim);
            }
        }
        catch (OverflowException)
        {
            count = long.MaxValue;
        }

        if (count != input.Data.LongLength)
        {
            return $"input '{spec.Name}' has {input.Data.LongLength} elements in 'data' but shape {ShapeFormat.Format(shape)} needs {count}";
        }

        if (spec.Shape.Length > 0 && spec.Shape[0] < 0 && shape[0] > maxBatchSize)
        {
            return $"batch size {shape[0]} of input '{spec.Name}' is over the limit of {maxBatchSize} rows (--max-batch-size)";
        }

        return null;
    }

    private static int[]? OutputIndices(IReadOnlyList<string>? names, ModelSignature signature, out string? error)
    {
        error = null;
        if (names is null || names.Count == 0)
        {
            return AllOutputs(signature.Outputs.Count);
        }

        var indices = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            indices[i] = signature.OutputIndex(names[i]);
            if (indices[i] < 0)
            {
                error = $"unknown output '{names[i]}': the model's outputs are {Names(signature.Outputs)}";
                return null;
            }
        }

        return indices;
    }

    private static bool[]? BinaryOutputs(InferRequest request, int count)
    {
        if (!request.BinaryDataOutput && request.OutputBinaryData is null)
        {
            return null;
        }

        var binary = new bool[count];
        for (var i = 0; i < count; i++)
        {
            binary[i] = request.OutputBinaryData?[i] ?? request.BinaryDataOutput;
        }

        return binary.Contains(true) ? binary : null;
    }

    private static int[] AllOutputs(int count)
    {
        if (count >= AllOutputsCache.Length)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        return AllOutputsCache[count] ??= Enumerable.Range(0, count).ToArray();
    }

    private static string Names(IReadOnlyList<TensorSpec> specs) =>
        string.Join(", ", specs.Select(s => $"'{s.Name}'"));
}
