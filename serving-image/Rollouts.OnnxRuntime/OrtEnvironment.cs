using Rollouts.OnnxRuntime.Native;

namespace Rollouts.OnnxRuntime;

/// <summary>
/// The loaded ONNX Runtime library, its C API table and one <c>OrtEnv</c> (logging at WARNING to stderr, log id
/// "model-rollouts"), plus the CPU <c>OrtMemoryInfo</c> that input tensors are created with. Create sessions from it
/// with <see cref="InferenceSession.Load(OrtEnvironment, byte[], SessionConfig?)"/>. ONNX Runtime keeps one environment
/// per process, so use <see cref="Shared"/> unless a test needs a specific library path; sessions keep the environment
/// alive until they are disposed, so disposing it early is safe.
/// </summary>
public sealed unsafe class OrtEnvironment : IDisposable
{
    private const int LoggingLevelWarning = 2;
    private const int OrtArenaAllocator = 1;
    private const int OrtMemTypeDefault = 0;

    private static readonly Lazy<OrtEnvironment> SharedInstance =
        new(() => Create(null, OrtApi.RequestedVersion, isShared: true), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly bool _isShared;
    private volatile bool _disposed;

    private OrtEnvironment(OrtApi api, string version, string path, EnvironmentHandle handle, MemoryInfoHandle cpuMemory, nint allocator, bool isShared)
    {
        Api = api;
        RuntimeVersion = version;
        LibraryPath = path;
        Handle = handle;
        CpuMemory = cpuMemory;
        DefaultAllocator = allocator;
        _isShared = isShared;
    }

    /// <summary>
    /// The C API version this binding asks <c>GetApi</c> for: 5, the lowest whose function table holds every function
    /// the binding calls (the highest slot used is <c>AddSessionConfigEntry</c>, added in version 5 / ONNX Runtime 1.5).
    /// The table is append-only, so any ONNX Runtime from 1.5 up (this project ships 1.23.2, API 23) serves it.
    /// </summary>
    public static uint RequestedApiVersion => OrtApi.RequestedVersion;

    /// <summary>
    /// The process-wide environment over the default library (see <see cref="Load"/> for the search order), created on
    /// first use, thread-safe. <see cref="Dispose"/> on it does nothing.
    /// </summary>
    /// <exception cref="OrtLibraryException">The library cannot be found or bound (thrown on every access).</exception>
    public static OrtEnvironment Shared => SharedInstance.Value;

    /// <summary>The library's version string, e.g. "1.23.2" (<c>OrtApiBase::GetVersionString</c>).</summary>
    public string RuntimeVersion { get; }

    /// <summary>The path the library was loaded from (or its bare file name when the system loader found it).</summary>
    public string LibraryPath { get; }

    internal OrtApi Api { get; }

    internal EnvironmentHandle Handle { get; }

    internal MemoryInfoHandle CpuMemory { get; }

    /// <summary>ONNX Runtime's default CPU allocator (a process-wide singleton that is never freed).</summary>
    internal nint DefaultAllocator { get; }

    /// <summary>
    /// Loads the native library and creates an environment. Library search order: <paramref name="libraryPath"/>; else
    /// the <c>ORT_LIBRARY_PATH</c> variable; else <c>${ROLLOUTS_CACHE:-~/.cache/model-rollouts}/onnxruntime-1.23.2/libonnxruntime.so.1</c>
    /// when present; else the system loader's search for <c>libonnxruntime.so.1</c>.
    /// </summary>
    /// <exception cref="OrtLibraryException">The library is missing or unloadable, is not ONNX Runtime, or does not
    /// provide C API version <see cref="RequestedApiVersion"/>; the message names the path, version and API version.</exception>
    /// <exception cref="OrtException">ONNX Runtime refused to create the environment.</exception>
    public static OrtEnvironment Load(string? libraryPath = null) => Create(libraryPath, OrtApi.RequestedVersion, isShared: false);

    /// <summary>As <see cref="Load"/> but asking <c>GetApi</c> for <paramref name="apiVersion"/> (tests of the failure path).</summary>
    internal static OrtEnvironment LoadWithApiVersion(string? libraryPath, uint apiVersion) => Create(libraryPath, apiVersion, isShared: false);

    /// <summary>Releases this environment's reference on the native environment (no-op for <see cref="Shared"/>).</summary>
    public void Dispose()
    {
        if (_isShared)
        {
            return;
        }

        _disposed = true;
        CpuMemory.Dispose();
        Handle.Dispose();
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once <see cref="Dispose"/> has run (new sessions are refused).</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static OrtEnvironment Create(string? libraryPath, uint apiVersion, bool isShared)
    {
        var (api, version, path) = OrtLibrary.Bind(libraryPath, apiVersion);
        nint env;
        var logId = "model-rollouts\0"u8;
        fixed (byte* id = logId)
        {
            api.Check(api.CreateEnv(LoggingLevelWarning, id, &env));
        }

        var handle = new EnvironmentHandle(api, env);
        try
        {
            nint allocator;
            api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
            nint memory;
            api.Check(api.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory));
            return new OrtEnvironment(api, version, path, handle, new MemoryInfoHandle(api, memory), allocator, isShared);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
