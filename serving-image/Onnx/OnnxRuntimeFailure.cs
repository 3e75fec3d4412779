using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Rollouts.Serving.Onnx;

/// <summary>
/// A failure reported by ONNX Runtime while creating a session or running it: the error code and ONNX Runtime's own
/// message, verbatim. The managed package (Microsoft.ML.OnnxRuntime 1.31.1) throws <see cref="OnnxRuntimeException"/>
/// whose message starts with <c>[ErrorCode:&lt;name&gt;] </c> and whose code is not public; this type carries the
/// code as <see cref="OrtErrorCode"/> and the message without that prefix, so responses and logs read
/// "… (RuntimeException): Non-zero status code returned while running Gather node …".
/// </summary>
public sealed class OnnxRuntimeFailure : Exception
{
    private const string Prefix = "[ErrorCode:";

    /// <summary>Creates the failure.</summary>
    /// <param name="code">ONNX Runtime's error code.</param>
    /// <param name="message">ONNX Runtime's message.</param>
    /// <param name="inner">The package's exception, when there is one.</param>
    public OnnxRuntimeFailure(OrtErrorCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>ONNX Runtime's error code, e.g. <see cref="OrtErrorCode.InvalidArgument"/> for an unknown input name.</summary>
    public OrtErrorCode Code { get; }

    /// <summary>
    /// Reads the code out of the package's exception message. The package names codes 11 and 12 after an older C API
    /// ("ShapeInferenceNotRegistered", "RequirementNotRegistered"); they are ONNX Runtime's <c>ORT_EP_FAIL</c> and
    /// <c>ORT_MODEL_LOAD_CANCELED</c> today and are mapped to those. A message without the prefix gives <see cref="OrtErrorCode.Fail"/>.
    /// </summary>
    public static OnnxRuntimeFailure From(OnnxRuntimeException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message;
        var code = OrtErrorCode.Fail;
        if (message.StartsWith(Prefix, StringComparison.Ordinal) && message.IndexOf(']', Prefix.Length) is var end and > 0)
        {
            code = ParseCode(message[Prefix.Length..end]);
            message = message[(end + 1)..].TrimStart();
        }

        return new OnnxRuntimeFailure(code, message, e);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().FullName} ({Code}): {base.ToString()}";

    private static OrtErrorCode ParseCode(string name) => name switch
    {
        "ShapeInferenceNotRegistered" => OrtErrorCode.EpFail,
        "RequirementNotRegistered" => OrtErrorCode.ModelLoadCanceled,
        _ when Enum.TryParse<OrtErrorCode>(name, ignoreCase: false, out var code) && Enum.IsDefined(code) => code,
        _ when int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => (OrtErrorCode)number,
        _ => OrtErrorCode.Fail,
    };
}
