namespace Rollouts.OnnxRuntime.Native;

/// <summary>An owned <c>OrtMemoryInfo*</c>, released with <c>ReleaseMemoryInfo</c>.</summary>
internal sealed unsafe class MemoryInfoHandle(OrtApi api, nint pointer) : OrtHandle(api, pointer)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
