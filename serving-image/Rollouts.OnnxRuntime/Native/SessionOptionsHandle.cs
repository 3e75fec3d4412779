namespace Rollouts.OnnxRuntime.Native;

/// <summary>An owned <c>OrtSessionOptions*</c>, released with <c>ReleaseSessionOptions</c>.</summary>
internal sealed unsafe class SessionOptionsHandle(OrtApi api, nint pointer) : OrtHandle(api, pointer)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSessionOptions(handle);
        return true;
    }
}
