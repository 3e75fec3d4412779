namespace Rollouts.OnnxRuntime.Native;

/// <summary>An owned <c>OrtTypeInfo*</c>, released with <c>ReleaseTypeInfo</c>.</summary>
internal sealed unsafe class TypeInfoHandle(OrtApi api, nint pointer) : OrtHandle(api, pointer)
{
    /// <summary>The raw pointer, valid while this handle is alive.</summary>
    public nint Pointer => handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseTypeInfo(handle);
        return true;
    }
}
