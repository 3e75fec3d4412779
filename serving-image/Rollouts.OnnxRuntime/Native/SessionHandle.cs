namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// An owned <c>OrtSession*</c> together with what must live exactly as long as it: the UTF-8 input/output names ONNX
/// Runtime allocated for it (freed with <c>AllocatorFree</c>), and one reference each on the environment and the CPU
/// memory info (taken by the creator with <c>DangerousAddRef</c>, given back here). Release order: names, session, then
/// the references. A <c>Run</c> holds a reference on this handle, so disposing during a run defers all of it.
/// </summary>
internal sealed unsafe class SessionHandle : OrtHandle
{
    private readonly EnvironmentHandle _environment;
    private readonly MemoryInfoHandle _cpuMemory;
    private readonly nint _allocator;
    private readonly List<nint> _ownedNames = [];

    /// <summary>Takes ownership of <paramref name="session"/> and of one reference already added on each of
    /// <paramref name="environment"/> and <paramref name="cpuMemory"/>.</summary>
    public SessionHandle(OrtApi api, nint session, EnvironmentHandle environment, MemoryInfoHandle cpuMemory, nint allocator)
        : base(api, session)
    {
        _environment = environment;
        _cpuMemory = cpuMemory;
        _allocator = allocator;
    }

    /// <summary>Records a name string allocated by <c>SessionGet{Input,Output}Name</c> so it is freed with the session.</summary>
    public void OwnName(nint name) => _ownedNames.Add(name);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        foreach (var name in _ownedNames)
        {
            var status = Api.AllocatorFree(_allocator, (void*)name);
            if (status != 0)
            {
                Api.ReleaseStatus(status);
            }
        }

        Api.ReleaseSession(handle);
        _cpuMemory.DangerousRelease();
        _environment.DangerousRelease();
        return true;
    }
}
