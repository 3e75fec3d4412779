using Microsoft.ML.OnnxRuntime;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Onnx;

/// <summary>
/// A loaded ONNX model: ONNX Runtime's <see cref="InferenceSession"/> (Microsoft.ML.OnnxRuntime 1.31.1) behind the
/// server's own <see cref="Tensor"/> and <see cref="NodeInfo"/>. <see cref="Run"/> is thread-safe (ONNX Runtime allows
/// concurrent Run calls on one session; what is managed here is read-only after loading but for one flag). Disposing
/// while runs are in flight is safe: the native session is released when the last run returns, and later calls throw
/// <see cref="ObjectDisposedException"/>.
/// <para>
/// When every output's shape follows from the inputs before the Run (numeric or bool outputs whose dims are fixed, but
/// for a dynamic first dim that equals the first input's), the outputs are allocated as managed arrays up front and
/// ONNX Runtime writes into them (<c>Run(RunOptions, names, values, outputNames, outputValues)</c>): no copy, and about
/// a fifth less time per batch-1 Run of iris-v2 than reading ONNX Runtime's own result values (measured in
/// docs/benchmarks/serving.md). A model whose outputs turn out not to have those shapes (its Run fails that way and
/// succeeds the other) falls back for good to result values copied once.
/// </para>
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] tensorOutputNames;
    private readonly NodeInfo[]? allocatable;
    private volatile bool allocateOutputs;
    private int running;
    private int disposed;
    private int released;

    private OnnxSession(InferenceSession session)
    {
        this.session = session;
        inputNames = [.. session.InputNames];
        Inputs = [.. inputNames.Select(n => NodeDescriber.Describe(n, session.InputMetadata[n]))];
        Outputs = [.. session.OutputNames.Select(n => NodeDescriber.Describe(n, session.OutputMetadata[n]))];
        tensorOutputNames = [.. Outputs.Where(o => o.IsTensor).Select(o => o.Name)];
        allocatable = Allocatable(Outputs);
        allocateOutputs = allocatable is not null;
    }

    /// <summary>The model's inputs in graph order (initializers that may be overridden are not listed).</summary>
    public IReadOnlyList<NodeInfo> Inputs { get; }

    /// <summary>The model's outputs in graph order, including non-tensor ones (<see cref="NodeInfo.IsTensor"/> false).</summary>
    public IReadOnlyList<NodeInfo> Outputs { get; }

    /// <summary>Whether Runs allocate the outputs up front (see the type's remarks); false for good after a fallback.</summary>
    internal bool AllocatesOutputs => allocateOutputs;

    /// <summary>Creates a session from serialized ONNX bytes (ONNX Runtime copies what it needs; the array can be reused).</summary>
    /// <param name="model">The ModelProto bytes.</param>
    /// <param name="settings">Threads and spinning; see <see cref="SessionSettings"/>.</param>
    /// <exception cref="OnnxRuntimeFailure">ONNX Runtime refused the model, e.g. <see cref="OrtErrorCode.InvalidProtobuf"/>
    /// for bytes that are not a ModelProto, <see cref="OrtErrorCode.InvalidGraph"/> or <see cref="OrtErrorCode.Fail"/> for a
    /// graph that fails validation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative thread count.</exception>
    public static OnnxSession Load(byte[] model, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        _ = OrtRuntime.Environment;
        using var options = settings.CreateOptions();
        InferenceSession created;
        try
        {
            created = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw OnnxRuntimeFailure.From(e);
        }

        try
        {
            return new OnnxSession(created);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the model once and returns every tensor output in graph order (non-tensor outputs, such as a ZipMap, are
    /// skipped). Numeric and bool inputs are handed to ONNX Runtime in place (pinned, not copied); outputs are written
    /// into new managed arrays (directly, or copied once; see the type's remarks). A Run that fails while the outputs are
    /// allocated up front is run once more the other way before its failure is reported.
    /// </summary>
    /// <param name="inputs">One tensor per model input to feed, in any order (the model's order saves a lookup). Names,
    /// element types and ranks are checked by ONNX Runtime, not here.</param>
    /// <exception cref="OnnxRuntimeFailure">ONNX Runtime refused the call or a kernel failed, e.g.
    /// <see cref="OrtErrorCode.InvalidArgument"/> for an unknown input name, a wrong element type or rank;
    /// for a failure inside a kernel the kernel picks the code (<see cref="OrtErrorCode.InvalidArgument"/> for a Gather
    /// index out of range) and the message starts "Non-zero status code returned while running …".</exception>
    /// <exception cref="NotSupportedException">An input or output element type the server does not carry.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Interlocked.Increment(ref running);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
            return RunOnce(inputs);
        }
        finally
        {
            if (Interlocked.Decrement(ref running) == 0 && Volatile.Read(ref disposed) != 0)
            {
                Release();
            }
        }
    }

    /// <summary>Releases the native session now, or when the last run in flight returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0 && Volatile.Read(ref running) == 0)
        {
            Release();
        }
    }

    private Tensor[] RunOnce(IReadOnlyList<Tensor> inputs)
    {
        var count = inputs.Count;
        var values = new OrtValue[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = TensorValues.ToOrtValue(inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"input {i} is null"));
            }

            var names = NamesOf(inputs);
            if (allocateOutputs && OutputShapes(inputs) is { } shapes)
            {
                if (TryRunInto(names, values, shapes) is { } written)
                {
                    return written;
                }

                // Refused with outputs of the expected shapes: run again with ONNX Runtime's own; if that works, the
                // model's outputs do not follow the inputs as declared, so stop allocating them for this session.
                var outputs = RunAllocating(names, values);
                allocateOutputs = false;
                return outputs;
            }

            return RunAllocating(names, values);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    private Tensor[]? TryRunInto(IReadOnlyList<string> names, OrtValue[] values, long[][] shapes)
    {
        var outputs = new Tensor[shapes.Length];
        var outputValues = new OrtValue[shapes.Length];
        try
        {
            for (var j = 0; j < shapes.Length; j++)
            {
                (outputs[j], outputValues[j]) = TensorValues.Allocate(tensorOutputNames[j], allocatable![j].ElementType, shapes[j]);
            }

            session.Run(runOptions, names, values, tensorOutputNames, outputValues);
            return outputs;
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
        finally
        {
            foreach (var value in outputValues)
            {
                value?.Dispose();
            }
        }
    }

    private Tensor[] RunAllocating(IReadOnlyList<string> names, OrtValue[] values)
    {
        try
        {
            using var results = session.Run(runOptions, names, values, tensorOutputNames);
            var outputs = new Tensor[tensorOutputNames.Length];
            for (var j = 0; j < outputs.Length; j++)
            {
                outputs[j] = TensorValues.FromOrtValue(tensorOutputNames[j], results[j]);
            }

            return outputs;
        }
        catch (OnnxRuntimeException e)
        {
            throw OnnxRuntimeFailure.From(e);
        }
    }

    /// <summary>
    /// The tensor outputs when all can be allocated before a Run: numeric or bool, every dim fixed but possibly the
    /// first, which is then dynamic (-1) and taken from the first input's first dim; else null.
    /// </summary>
    private static NodeInfo[]? Allocatable(IReadOnlyList<NodeInfo> outputs)
    {
        var tensors = outputs.Where(o => o.IsTensor).ToArray();
        foreach (var output in tensors)
        {
            if (!TensorValues.CanAllocate(output.ElementType) || output.Shape.Length == 0 || output.Shape.Skip(1).Any(d => d < 0))
            {
                return null;
            }
        }

        return tensors.Length > 0 ? tensors : null;
    }

    /// <summary>Each output's shape for these inputs, or null when a dynamic first dim has no first input dim to follow.</summary>
    private long[][]? OutputShapes(IReadOnlyList<Tensor> inputs)
    {
        var rows = inputs.Count > 0 && inputs[0].Shape.Length > 0 ? inputs[0].Shape[0] : -1;
        var shapes = new long[allocatable!.Length][];
        for (var j = 0; j < shapes.Length; j++)
        {
            var declared = allocatable[j].Shape;
            if (declared[0] < 0 && rows < 0)
            {
                return null;
            }

            var shape = (long[])declared.Clone();
            shape[0] = declared[0] < 0 ? rows : declared[0];
            shapes[j] = shape;
        }

        return shapes;
    }

    /// <summary>The model's cached name array when the inputs come in the model's order (as validated requests do).</summary>
    private IReadOnlyList<string> NamesOf(IReadOnlyList<Tensor> inputs)
    {
        var inOrder = inputs.Count == inputNames.Length;
        for (var i = 0; inOrder && i < inputNames.Length; i++)
        {
            inOrder = string.Equals(inputs[i].Name, inputNames[i], StringComparison.Ordinal);
        }

        if (inOrder)
        {
            return inputNames;
        }

        var names = new string[inputs.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = inputs[i].Name;
        }

        return names;
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            session.Dispose();
            runOptions.Dispose();
        }
    }
}
