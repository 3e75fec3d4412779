using Microsoft.ML.OnnxRuntime;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Onnx;

/// <summary>
/// A loaded ONNX model: ONNX Runtime's <see cref="InferenceSession"/> (Microsoft.ML.OnnxRuntime 1.31.1) behind the
/// server's own <see cref="Tensor"/> and <see cref="NodeInfo"/>. <see cref="Run"/> is thread-safe (ONNX Runtime allows
/// concurrent Run calls on one session; everything managed here is read-only after loading). Disposing while runs are
/// in flight is safe: the native session is released when the last run returns, and later calls throw
/// <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] tensorOutputNames;
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
    }

    /// <summary>The model's inputs in graph order (initializers that may be overridden are not listed).</summary>
    public IReadOnlyList<NodeInfo> Inputs { get; }

    /// <summary>The model's outputs in graph order, including non-tensor ones (<see cref="NodeInfo.IsTensor"/> false).</summary>
    public IReadOnlyList<NodeInfo> Outputs { get; }

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
    /// skipped). Numeric and bool inputs are handed to ONNX Runtime in place (pinned, not copied); outputs are copied
    /// into new managed arrays.
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

            using var results = session.Run(runOptions, NamesOf(inputs), values, tensorOutputNames);
            var outputs = new Tensor[tensorOutputNames.Length];
            var j = 0;
            foreach (var value in results)
            {
                outputs[j] = TensorValues.FromOrtValue(tensorOutputNames[j], value);
                j++;
            }

            return outputs;
        }
        catch (OnnxRuntimeException e)
        {
            throw OnnxRuntimeFailure.From(e);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
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
