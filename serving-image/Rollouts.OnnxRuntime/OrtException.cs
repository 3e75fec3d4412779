namespace Rollouts.OnnxRuntime;

/// <summary>
/// A failure reported by ONNX Runtime: every non-null <c>OrtStatus*</c> returned by a C API call becomes one of these
/// (the status is released first). <see cref="Exception.Message"/> is ONNX Runtime's own message, verbatim.
/// </summary>
public sealed class OrtException : Exception
{
    // ONNX Runtime's executor wraps a kernel's failing status as
    // "Non-zero status code returned while running <OpType> node. Name:'<node name>' Status Message: ..."
    // (onnxruntime/core/framework/sequential_executor.cc); the kernel chooses the code.
    private const string NodeFailurePrefix = "Non-zero status code returned while running ";
    private const string NodeNameMarker = "Name:'";

    /// <summary>Creates an exception carrying ONNX Runtime's error code and message.</summary>
    /// <param name="code">The <c>OrtErrorCode</c> of the status (values outside the known set are kept as numbers).</param>
    /// <param name="message">ONNX Runtime's error message.</param>
    public OrtException(OrtErrorCode code, string message)
        : base(message)
    {
        Code = code;
        FailedNode = ParseFailedNode(message);
    }

    /// <summary>ONNX Runtime's error code, e.g. <see cref="OrtErrorCode.InvalidArgument"/> for an unknown input name.</summary>
    public OrtErrorCode Code { get; }

    /// <summary>
    /// The name of the graph node whose kernel failed while the model was executing (e.g. <c>"Gather_1"</c>), or null
    /// when ONNX Runtime refused the call before executing (bad names, types, ranks) or the failure was not in a run.
    /// A non-null value marks a model failure on valid input (an Open Inference Protocol server answers 500, not 400),
    /// whatever <see cref="Code"/> the kernel chose. Parsed from the executor's message prefix
    /// "Non-zero status code returned while running ... node. Name:'...'".
    /// </summary>
    public string? FailedNode { get; }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().FullName} ({Code}): {base.ToString()}";

    private static string? ParseFailedNode(string message)
    {
        if (!message.StartsWith(NodeFailurePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var start = message.IndexOf(NodeNameMarker, NodeFailurePrefix.Length, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start += NodeNameMarker.Length;
        var end = message.IndexOf('\'', start);
        return end < 0 ? message[start..] : message[start..end];
    }
}
