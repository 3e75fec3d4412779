using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Grpc;

/// <summary>
/// Turns a gRPC <see cref="ModelInferRequest"/> into the same <see cref="InferRequest"/> the REST parser builds, so both
/// protocols go through one validator and one executor. Values come from each input's typed <c>contents</c> (the field
/// of its datatype's family) or, for every input at once, from <c>raw_input_contents</c> (see <see cref="RawTensorCodec"/>).
/// </summary>
public static class GrpcRequestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Returns the request, or null with a client error message naming the input (unknown datatype, negative dims, values
    /// in the wrong contents field, a value count or raw size that disagrees with the shape, values out of range, both
    /// typed and raw contents, a raw entry count unequal to the inputs).
    /// </summary>
    public static InferRequest? TryRead(ModelInferRequest request, out string? error)
    {
        error = null;
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            error = $"raw_input_contents has {raw.Count} entries but the request has {request.Inputs.Count} inputs: give one per input, in the order of 'inputs'";
            return null;
        }

        var inputs = new List<RequestInput>(request.Inputs.Count);
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var label = input.Name.Length == 0 ? $"inputs[{i}]" : $"input '{input.Name}'";
            var parsed = input.Name.Length == 0
                ? Fail($"inputs[{i}] has no name", out error)
                : Read(input, raw.Count > 0 ? raw[i] : null, label, out error);
            if (parsed is null)
            {
                return null;
            }

            inputs.Add(parsed);
        }

        var outputs = request.Outputs.Count == 0 ? null : request.Outputs.Select(o => o.Name).ToList();
        return new InferRequest(request.Id.Length == 0 ? null : request.Id, inputs, outputs);
    }

    private static RequestInput? Read(ModelInferRequest.Types.InferInputTensor input, ByteString? raw, string label, out string? error)
    {
        var type = V2Datatype.FromName(input.Datatype);
        if (type == 0)
        {
            return Fail($"unknown datatype '{input.Datatype}' for {label}: expected one of {V2Datatype.Supported}", out error);
        }

        if (type == TensorElementType.Float16)
        {
            return Fail($"datatype FP16 of {label} is not supported by this server: send FP32 values", out error);
        }

        var shape = input.Shape.ToArray();
        if (shape.Any(d => d < 0))
        {
            return Fail($"shape of {label} must hold non-negative dims, got {Model.ShapeFormat.Format(shape)}", out error);
        }

        Array? data;
        if (raw is not null)
        {
            data = Filled(input.Contents) is { } field
                ? Fail<Array>($"{label} has values in contents.{field} and the request has raw_input_contents: use one or the other", out error)
                : RawTensorCodec.TryDecode(raw.Span, type, shape, label, out error);
        }
        else
        {
            data = Typed(input.Contents ?? new InferTensorContents(), type, shape, label, out error);
        }

        return data is null ? null : new RequestInput(input.Name, type, shape, data);
    }

    private static Array? Typed(InferTensorContents contents, TensorElementType type, long[] shape, string label, out string? error)
    {
        var (field, count) = FieldOf(contents, type);
        var expected = RawTensorCodec.ElementCount(shape);
        if (count != expected)
        {
            var elsewhere = Filled(contents);
            return Fail<Array>(count == 0 && elsewhere is not null
                ? $"{label} is {V2Datatype.NameOf(type)}, whose values go in contents.{field}, but they came in contents.{elsewhere}"
                : $"{label} has {count} values in contents.{field} but shape {Model.ShapeFormat.Format(shape)} needs {expected}", out error);
        }

        error = null;
        switch (type)
        {
            case TensorElementType.Float: return contents.Fp32Contents.ToArray();
            case TensorElementType.Double: return contents.Fp64Contents.ToArray();
            case TensorElementType.Int64: return contents.Int64Contents.ToArray();
            case TensorElementType.UInt64: return contents.Uint64Contents.ToArray();
            case TensorElementType.Bool: return contents.BoolContents.ToArray();
            case TensorElementType.Int32: return contents.IntContents.ToArray();
            case TensorElementType.UInt32: return contents.UintContents.ToArray();
            case TensorElementType.Int8: return Narrow(contents.IntContents, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v, "INT8", label, out error);
            case TensorElementType.Int16: return Narrow(contents.IntContents, short.MinValue, short.MaxValue, v => (short)v, "INT16", label, out error);
            case TensorElementType.UInt8: return Narrow(contents.UintContents, byte.MinValue, byte.MaxValue, v => (byte)v, "UINT8", label, out error);
            case TensorElementType.UInt16: return Narrow(contents.UintContents, ushort.MinValue, ushort.MaxValue, v => (ushort)v, "UINT16", label, out error);
            default: return Strings(contents.BytesContents, label, out error);
        }
    }

    private static T[]? Narrow<TWide, T>(RepeatedField<TWide> values, long min, long max, Func<TWide, T> convert, string datatype, string label, out string? error)
        where TWide : IConvertible
    {
        var result = new T[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var wide = values[i].ToInt64(null);
            if (wide < min || wide > max)
            {
                return Fail<T[]>($"{label} element {i}: expected an integer in the range of {datatype}, got {wide}", out error);
            }

            result[i] = convert(values[i]);
        }

        error = null;
        return result;
    }

    private static string[]? Strings(RepeatedField<ByteString> values, string label, out string? error)
    {
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                result[i] = StrictUtf8.GetString(values[i].Span);
            }
            catch (DecoderFallbackException)
            {
                return Fail<string[]>($"{label} element {i} is not UTF-8 (this server's string tensors take UTF-8 text)", out error);
            }
        }

        error = null;
        return result;
    }

    private static (string Field, int Count) FieldOf(InferTensorContents c, TensorElementType type) => type switch
    {
        TensorElementType.Float => ("fp32_contents", c.Fp32Contents.Count),
        TensorElementType.Double => ("fp64_contents", c.Fp64Contents.Count),
        TensorElementType.Int64 => ("int64_contents", c.Int64Contents.Count),
        TensorElementType.UInt64 => ("uint64_contents", c.Uint64Contents.Count),
        TensorElementType.Bool => ("bool_contents", c.BoolContents.Count),
        TensorElementType.Int8 or TensorElementType.Int16 or TensorElementType.Int32 => ("int_contents", c.IntContents.Count),
        TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 => ("uint_contents", c.UintContents.Count),
        _ => ("bytes_contents", c.BytesContents.Count),
    };

    /// <summary>The name of the first contents field holding values, or null when none does.</summary>
    private static string? Filled(InferTensorContents? c) =>
        c is null ? null
        : c.Fp32Contents.Count > 0 ? "fp32_contents"
        : c.Fp64Contents.Count > 0 ? "fp64_contents"
        : c.Int64Contents.Count > 0 ? "int64_contents"
        : c.Uint64Contents.Count > 0 ? "uint64_contents"
        : c.IntContents.Count > 0 ? "int_contents"
        : c.UintContents.Count > 0 ? "uint_contents"
        : c.BoolContents.Count > 0 ? "bool_contents"
        : c.BytesContents.Count > 0 ? "bytes_contents"
        : null;

    private static RequestInput? Fail(string message, out string? error) => Fail<RequestInput>(message, out error);

    private static T? Fail<T>(string message, out string? error)
        where T : class
    {
        error = message;
        return null;
    }
}
