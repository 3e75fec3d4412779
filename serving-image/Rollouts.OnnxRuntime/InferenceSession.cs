using System.Runtime.InteropServices;
using Rollouts.OnnxRuntime.Native;

namespace Rollouts.OnnxRuntime;

/// <summary>
/// A loaded ONNX model (<c>OrtSession</c>) with its input/output metadata. <see cref="Run"/> is thread-safe: ONNX Runtime
/// allows concurrent <c>Run</c> calls on one session, and all managed state here is read-only after loading.
/// Disposing while runs are in flight is safe: the native session is released when the last run returns, and later
/// calls throw <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe partial class InferenceSession : IDisposable
{
    private const string IntraOpSpinningKey = "session.intra_op.allow_spinning";
    private const string InterOpSpinningKey = "session.inter_op.allow_spinning";

    private readonly OrtApi _api;
    private readonly SessionHandle _session;
    private readonly nint _cpuMemory;
    private readonly nint _allocator;
    private readonly nint[] _inputNamePointers;
    private readonly nint[] _outputNamePointers;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;
    private readonly int[] _tensorOutputs;
    private volatile bool _disposed;

    private InferenceSession(OrtEnvironment environment, SessionHandle session)
    {
        _api = environment.Api;
        _session = session;
        _cpuMemory = environment.CpuMemory.DangerousGetHandle();
        _allocator = environment.DefaultAllocator;
        (Inputs, _inputNamePointers) = ReadNodes(inputs: true);
        (Outputs, _outputNamePointers) = ReadNodes(inputs: false);
        _inputIndex = IndexByName(Inputs);
        _outputIndex = IndexByName(Outputs);
        var tensorOutputs = new List<int>(Outputs.Count);
        for (var i = 0; i < Outputs.Count; i++)
        {
            if (Outputs[i].IsTensor)
            {
                tensorOutputs.Add(i);
            }
        }

        _tensorOutputs = [.. tensorOutputs];
    }

    /// <summary>The model's inputs in graph order (initializers that may be overridden are not listed).</summary>
    public IReadOnlyList<NodeInfo> Inputs { get; }

    /// <summary>The model's outputs in graph order, including non-tensor ones (<see cref="NodeInfo.IsTensor"/> false).</summary>
    public IReadOnlyList<NodeInfo> Outputs { get; }

    /// <summary>
    /// Loads a model from its serialized ONNX bytes (<c>CreateSessionFromArray</c>).
    /// </summary>
    /// <param name="environment">The environment (usually <see cref="OrtEnvironment.Shared"/>).</param>
    /// <param name="model">The ModelProto bytes; ONNX Runtime copies what it needs, the array can be reused afterwards.</param>
    /// <param name="config">Session options; null means <see cref="SessionConfig.Default"/>.</param>
    /// <exception cref="OrtException">ONNX Runtime rejected the model, e.g. <see cref="OrtErrorCode.InvalidProtobuf"/> for
    /// bytes that are not a ModelProto, <see cref="OrtErrorCode.InvalidGraph"/> or <see cref="OrtErrorCode.Fail"/> for a
    /// graph that fails validation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative thread counts or an undefined optimisation level.</exception>
    /// <exception cref="ObjectDisposedException">The environment was disposed.</exception>
    public static InferenceSession Load(OrtEnvironment environment, byte[] model, SessionConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Open(environment, config, model, null);
    }

    /// <summary>Loads a model from a file (<c>CreateSession</c>); see <see cref="Load(OrtEnvironment, byte[], SessionConfig?)"/>.</summary>
    /// <exception cref="OrtException">E.g. <see cref="OrtErrorCode.NoSuchFile"/> for a missing file.</exception>
    public static InferenceSession Load(OrtEnvironment environment, string modelPath, SessionConfig? config = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return Open(environment, config, null, modelPath);
    }

    /// <summary>Releases the native session (deferred until in-flight runs return).</summary>
    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }

    private static InferenceSession Open(OrtEnvironment environment, SessionConfig? config, byte[]? model, string? path)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment.ThrowIfDisposed();
        var api = environment.Api;
        using var options = CreateOptions(api, config ?? SessionConfig.Default);
        bool environmentAdded = false, memoryAdded = false;
        SessionHandle? handle = null;
        try
        {
            environment.Handle.DangerousAddRef(ref environmentAdded);
            environment.CpuMemory.DangerousAddRef(ref memoryAdded);
            var env = environment.Handle.DangerousGetHandle();
            var opts = options.DangerousGetHandle();
            nint session;
            if (model is not null)
            {
                fixed (byte* bytes = model)
                {
                    api.Check(api.CreateSessionFromArray(env, bytes, (nuint)model.Length, opts, &session));
                }
            }
            else
            {
                fixed (byte* file = Utf8.NullTerminated(path!))
                {
                    api.Check(api.CreateSession(env, file, opts, &session));
                }
            }

            handle = new SessionHandle(api, session, environment.Handle, environment.CpuMemory, environment.DefaultAllocator);
        }
        finally
        {
            if (handle is null)
            {
                if (memoryAdded)
                {
                    environment.CpuMemory.DangerousRelease();
                }

                if (environmentAdded)
                {
                    environment.Handle.DangerousRelease();
                }
            }
        }

        try
        {
            return new InferenceSession(environment, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static SessionOptionsHandle CreateOptions(OrtApi api, SessionConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(config.IntraOpThreads, nameof(config.IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(config.InterOpThreads, nameof(config.InterOpThreads));
        if (!Enum.IsDefined(config.Optimization))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.Optimization, "undefined graph optimization level");
        }

        nint pointer;
        api.Check(api.CreateSessionOptions(&pointer));
        var options = new SessionOptionsHandle(api, pointer);
        try
        {
            api.Check(api.SetIntraOpNumThreads(pointer, config.IntraOpThreads));
            api.Check(api.SetInterOpNumThreads(pointer, config.InterOpThreads));
            api.Check(api.SetSessionExecutionMode(pointer, config.ParallelExecution ? 1 : 0));
            api.Check(api.SetSessionGraphOptimizationLevel(pointer, (int)config.Optimization));
            var spinning = config.AllowSpinning ? "1" : "0";
            AddConfigEntry(api, pointer, IntraOpSpinningKey, spinning);
            AddConfigEntry(api, pointer, InterOpSpinningKey, spinning);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private static void AddConfigEntry(OrtApi api, nint options, string key, string value)
    {
        fixed (byte* k = Utf8.NullTerminated(key))
        fixed (byte* v = Utf8.NullTerminated(value))
        {
            api.Check(api.AddSessionConfigEntry(options, k, v));
        }
    }

    private static Dictionary<string, int> IndexByName(IReadOnlyList<NodeInfo> nodes)
    {
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            index[nodes[i].Name] = i;
        }

        return index;
    }

    private (NodeInfo[] Nodes, nint[] NamePointers) ReadNodes(bool inputs)
    {
        var session = _session.DangerousGetHandle();
        nuint count;
        _api.Check(inputs ? _api.SessionGetInputCount(session, &count) : _api.SessionGetOutputCount(session, &count));
        var nodes = new NodeInfo[(int)count];
        var names = new nint[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            _api.Check(inputs
                ? _api.SessionGetInputName(session, i, _allocator, &name)
                : _api.SessionGetOutputName(session, i, _allocator, &name));
            _session.OwnName((nint)name);
            names[i] = (nint)name;
            nint typeInfo;
            _api.Check(inputs
                ? _api.SessionGetInputTypeInfo(session, i, &typeInfo)
                : _api.SessionGetOutputTypeInfo(session, i, &typeInfo));
            using var typeHandle = new TypeInfoHandle(_api, typeInfo);
            nodes[i] = TypeDescriber.Describe(_api, Marshal.PtrToStringUTF8((nint)name) ?? string.Empty, typeInfo);
        }

        return (nodes, names);
    }
}
