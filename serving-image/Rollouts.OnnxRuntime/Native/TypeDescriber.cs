namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// Turns an <c>OrtTypeInfo*</c> into a <see cref="NodeInfo"/>: element type and dims (-1 for symbolic) for tensors, and
/// ONNX's type spelling for everything, recursing through sequences and maps
/// (e.g. a ZipMap output is <c>seq(map(int64,tensor(float)))</c>).
/// </summary>
internal static unsafe class TypeDescriber
{
    // ONNXType (onnxruntime_c_api.h).
    private const int OnnxTypeTensor = 1;
    private const int OnnxTypeSequence = 2;
    private const int OnnxTypeMap = 3;
    private const int OnnxTypeOpaque = 4;
    private const int OnnxTypeSparseTensor = 5;
    private const int OnnxTypeOptional = 6;

    /// <summary>Describes the value named <paramref name="name"/> whose type info is <paramref name="typeInfo"/> (not released here).</summary>
    public static NodeInfo Describe(OrtApi api, string name, nint typeInfo)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
        if (onnxType is OnnxTypeTensor or OnnxTypeSparseTensor)
        {
            nint tensorInfo;
            api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
            if (tensorInfo != 0)
            {
                var (elementType, shape) = ReadTensorInfo(api, tensorInfo);
                var prefix = onnxType == OnnxTypeTensor ? "tensor" : "sparse_tensor";
                return new NodeInfo(name, onnxType == OnnxTypeTensor, elementType, shape,
                    $"{prefix}({ElementTypes.OnnxName(elementType)})");
            }
        }

        return new NodeInfo(name, false, TensorElementType.Undefined, [], Spell(api, typeInfo, onnxType));
    }

    /// <summary>Reads element type and dimensions from a (borrowed) <c>OrtTensorTypeAndShapeInfo*</c>.</summary>
    public static (TensorElementType ElementType, long[] Shape) ReadTensorInfo(OrtApi api, nint tensorInfo)
    {
        int elementType;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType));
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank));
        if (rank == 0)
        {
            return ((TensorElementType)elementType, []);
        }

        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            api.Check(api.GetDimensions(tensorInfo, dims, rank));
        }

        return ((TensorElementType)elementType, shape);
    }

    private static string Spell(OrtApi api, nint typeInfo, int onnxType)
    {
        switch (onnxType)
        {
            case OnnxTypeTensor or OnnxTypeSparseTensor:
            {
                nint tensorInfo;
                api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
                var prefix = onnxType == OnnxTypeTensor ? "tensor" : "sparse_tensor";
                return tensorInfo == 0 ? prefix : $"{prefix}({ElementTypes.OnnxName(ReadTensorInfo(api, tensorInfo).ElementType)})";
            }

            case OnnxTypeSequence:
            {
                nint sequenceInfo;
                api.Check(api.CastTypeInfoToSequenceTypeInfo(typeInfo, &sequenceInfo));
                nint element;
                api.Check(api.GetSequenceElementType(sequenceInfo, &element));
                using var elementHandle = new TypeInfoHandle(api, element);
                return $"seq({Spell(api, element)})";
            }

            case OnnxTypeMap:
            {
                nint mapInfo;
                api.Check(api.CastTypeInfoToMapTypeInfo(typeInfo, &mapInfo));
                int keyType;
                api.Check(api.GetMapKeyType(mapInfo, &keyType));
                nint value;
                api.Check(api.GetMapValueType(mapInfo, &value));
                using var valueHandle = new TypeInfoHandle(api, value);
                return $"map({ElementTypes.OnnxName((TensorElementType)keyType)},{Spell(api, value)})";
            }

            case OnnxTypeOpaque:
                return "opaque";
            case OnnxTypeOptional:
                return "optional";
            default:
                return $"unknown({onnxType})";
        }
    }

    private static string Spell(OrtApi api, nint typeInfo)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
        return Spell(api, typeInfo, onnxType);
    }
}
