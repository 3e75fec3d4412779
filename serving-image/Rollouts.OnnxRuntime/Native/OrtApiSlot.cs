namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// Indices into ONNX Runtime's <c>OrtApi</c> function table (a struct of function pointers, so index = byte offset / 8)
/// for the functions this binding calls. Taken from the order of <c>struct OrtApi</c> in
/// include/onnxruntime/core/session/onnxruntime_c_api.h and cross-checked against the table initialiser
/// <c>ort_api_1_to_N</c> in onnxruntime/core/session/onnxruntime_c_api.cc, whose static_asserts pin the last slot of each
/// shipped version (ReleaseCustomOpDomain = 101 ends version 1, ReleaseModelMetadata = 118 version 2,
/// AddFreeDimensionOverrideByName = 124 version 3, ReleaseAvailableProviders = 126 version 4, SetGlobalSpinControl = 149
/// version 5). The table is append-only, so these indices hold for every ONNX Runtime ≥ 1.5.
/// The highest slot used is <see cref="AddSessionConfigEntry"/> (130, version 5), hence
/// <see cref="OrtApi.RequestedVersion"/> = 5.
/// </summary>
internal static class OrtApiSlot
{
    // Version 1 (slots 0..101).
    public const int CreateStatus = 0;
    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSession = 7;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int SetSessionExecutionMode = 13;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputTypeInfo = 33;
    public const int SessionGetOutputTypeInfo = 34;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateTensorAsOrtValue = 48;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int GetTensorMutableData = 51;
    public const int FillStringTensor = 52;
    public const int GetStringTensorDataLength = 53;
    public const int GetStringTensorContent = 54;
    public const int CastTypeInfoToTensorInfo = 55;
    public const int GetOnnxTypeFromTypeInfo = 56;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetTensorTypeAndShape = 65;
    public const int GetValueType = 67;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseTypeInfo = 98;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ReleaseSessionOptions = 100;

    // Version 2 (slots 102..118).
    public const int CastTypeInfoToMapTypeInfo = 103;
    public const int CastTypeInfoToSequenceTypeInfo = 104;
    public const int GetMapKeyType = 105;
    public const int GetMapValueType = 106;
    public const int GetSequenceElementType = 107;

    // Version 5 (slots 127..149).
    public const int AddSessionConfigEntry = 130;
}
