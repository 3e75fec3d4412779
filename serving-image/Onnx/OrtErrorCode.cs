namespace Rollouts.Serving.Onnx;

/// <summary>
/// ONNX Runtime's <c>OrtErrorCode</c> (onnxruntime_c_api.h, same order and values), carried by
/// <see cref="OnnxRuntimeFailure"/>. The managed package keeps its own, internal copy of this enum and reports the code
/// only as the name in its message prefix (<c>[ErrorCode:RuntimeException] …</c>); <see cref="OnnxRuntimeFailure"/> reads
/// it back from there.
/// </summary>
public enum OrtErrorCode
{
    /// <summary><c>ORT_OK</c>: success (never carried by an exception).</summary>
    Ok = 0,

    /// <summary><c>ORT_FAIL</c>: unspecified failure.</summary>
    Fail = 1,

    /// <summary><c>ORT_INVALID_ARGUMENT</c>: e.g. an unknown input name, a wrong element type or shape.</summary>
    InvalidArgument = 2,

    /// <summary><c>ORT_NO_SUCHFILE</c>: a model path that does not exist.</summary>
    NoSuchFile = 3,

    /// <summary><c>ORT_NO_MODEL</c>: no model loaded.</summary>
    NoModel = 4,

    /// <summary><c>ORT_ENGINE_ERROR</c>: internal engine error.</summary>
    EngineError = 5,

    /// <summary><c>ORT_RUNTIME_EXCEPTION</c>: a kernel failed while running (e.g. an index out of range in Gather).</summary>
    RuntimeException = 6,

    /// <summary><c>ORT_INVALID_PROTOBUF</c>: the model bytes are not a valid ModelProto.</summary>
    InvalidProtobuf = 7,

    /// <summary><c>ORT_MODEL_LOADED</c>: a model is already loaded.</summary>
    ModelLoaded = 8,

    /// <summary><c>ORT_NOT_IMPLEMENTED</c>: e.g. an operator or type the build does not implement.</summary>
    NotImplemented = 9,

    /// <summary><c>ORT_INVALID_GRAPH</c>: the graph fails validation (type inference, unknown op, dangling input).</summary>
    InvalidGraph = 10,

    /// <summary><c>ORT_EP_FAIL</c>: an execution provider failed.</summary>
    EpFail = 11,

    /// <summary><c>ORT_MODEL_LOAD_CANCELED</c>: model loading was canceled.</summary>
    ModelLoadCanceled = 12,

    /// <summary><c>ORT_MODEL_REQUIRES_COMPILATION</c>: the model needs compiling by an execution provider.</summary>
    ModelRequiresCompilation = 13,

    /// <summary><c>ORT_NOT_FOUND</c>: a requested resource was not found.</summary>
    NotFound = 14,
}
