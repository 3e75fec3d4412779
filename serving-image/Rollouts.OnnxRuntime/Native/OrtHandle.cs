using System.Runtime.InteropServices;

namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// Base of the SafeHandles over ONNX Runtime objects: null is invalid, and release goes through the matching
/// <c>OrtApi::ReleaseX</c> function exactly once, when the last <c>DangerousAddRef</c> holder lets go.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    /// <summary>Wraps <paramref name="pointer"/> (an owned, non-null ONNX Runtime object).</summary>
    protected OrtHandle(OrtApi api, nint pointer)
        : base(0, ownsHandle: true)
    {
        Api = api;
        SetHandle(pointer);
    }

    /// <summary>The function table used to release the object.</summary>
    protected OrtApi Api { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;
}
