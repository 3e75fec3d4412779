namespace Rollouts.OnnxRuntime.Native;

/// <summary>An owned <c>OrtEnv*</c>, released with <c>ReleaseEnv</c>.</summary>
internal sealed unsafe class EnvironmentHandle(OrtApi api, nint pointer) : OrtHandle(api, pointer)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseEnv(handle);
        return true;
    }
}
