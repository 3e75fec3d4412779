namespace Rollouts.OnnxRuntime;

/// <summary>
/// The ONNX Runtime native library could not be bound: not found, not loadable, not exporting <c>OrtGetApiBase</c>,
/// or too old for the C API version this binding requests (<see cref="OrtEnvironment.RequestedApiVersion"/>).
/// The message names the path(s) tried and, where known, the library version and the requested API version.
/// </summary>
public sealed class OrtLibraryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and where.</param>
    /// <param name="inner">The loader's own error, if any.</param>
    public OrtLibraryException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
