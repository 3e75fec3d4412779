using System.Text.Json;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// Writes the Open Inference Protocol infer response with <see cref="Utf8JsonWriter"/>:
/// <c>{"model_name","model_version","id"?,"parameters":{"prediction_id"}?,"outputs":[{"name","datatype","shape","data"}]}</c>,
/// data flat row-major (the prediction id is <see cref="Feedback.PredictionIds"/>'s).
/// A request merged into a larger Run gets only its own rows. Non-finite FP32/FP64 values, which JSON numbers cannot
/// carry, are written as the strings "NaN", "Infinity", "-Infinity" (the request parser reads them back). Under the binary
/// tensor extension an output that goes back binary has <c>"parameters":{"binary_data_size":N}</c> instead of <c>data</c>.
/// </summary>
public static class InferResponseWriter
{
    /// <summary>Writes the response for <paramref name="request"/> from a successful <paramref name="outcome"/>, with <paramref name="predictionId"/> when given.</summary>
    public static void Write(Utf8JsonWriter w, JsonEncodedText modelName, JsonEncodedText modelVersion, ValidatedRequest request, InferenceOutcome outcome, string? predictionId)
    {
        var outputs = outcome.Outputs!;
        w.WriteStartObject();
        w.WriteString("model_name"u8, modelName);
        w.WriteString("model_version"u8, modelVersion);
        if (request.Id is not null)
        {
            w.WriteString("id"u8, request.Id);
        }

        if (predictionId is not null)
        {
            w.WriteStartObject("parameters"u8);
            w.WriteString("prediction_id"u8, predictionId);
            w.WriteEndObject();
        }

        w.WriteStartArray("outputs"u8);
        var binary = request.BinaryOutputs;
        for (var i = 0; i < request.OutputIndices.Length; i++)
        {
            WriteOutput(w, outputs[request.OutputIndices[i]], outcome, binary is not null && binary[i]);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOutput(Utf8JsonWriter w, Tensor tensor, InferenceOutcome outcome, bool binary)
    {
        var shape = tensor.Shape;
        long start = 0;
        var count = tensor.Data.LongLength;
        w.WriteStartObject();
        w.WriteString("name"u8, tensor.Name);
        w.WriteString("datatype"u8, V2Datatype.NameOf(tensor.ElementType));
        w.WriteStartArray("shape"u8);
        if (outcome.Rows >= 0 && shape.Length > 0)
        {
            long rowSize = 1;
            for (var d = 1; d < shape.Length; d++)
            {
                rowSize *= shape[d];
            }

            start = outcome.RowStart * rowSize;
            count = outcome.Rows * rowSize;
            w.WriteNumberValue(outcome.Rows);
            for (var d = 1; d < shape.Length; d++)
            {
                w.WriteNumberValue(shape[d]);
            }
        }
        else
        {
            foreach (var dim in shape)
            {
                w.WriteNumberValue(dim);
            }
        }

        w.WriteEndArray();
        if (binary)
        {
            w.WriteStartObject("parameters"u8);
            w.WriteNumber("binary_data_size"u8, RawTensorCodec.EncodedLength(tensor.Data, (int)start, (int)count));
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        w.WritePropertyName("data"u8);
        w.WriteStartArray();
        WriteData(w, tensor.Data, (int)start, (int)count);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes <paramref name="count"/> values of <paramref name="data"/> from <paramref name="start"/> as JSON values (non-finite floats as strings).</summary>
    internal static void WriteData(Utf8JsonWriter w, Array data, int start, int count)
    {
        var end = start + count;
        // Switch on the exact element type: the CLR lets ulong[] pass as long[] (and byte[] as sbyte[] …) in type tests.
        switch (Type.GetTypeCode(data.GetType().GetElementType()))
        {
            case TypeCode.Single:
            {
                var a = (float[])data;
                for (var i = start; i < end; i++)
                {
                    if (float.IsFinite(a[i]))
                    {
                        w.WriteNumberValue(a[i]);
                    }
                    else
                    {
                        WriteNonFinite(w, a[i]);
                    }
                }

                break;
            }

            case TypeCode.Double:
            {
                var a = (double[])data;
                for (var i = start; i < end; i++)
                {
                    if (double.IsFinite(a[i]))
                    {
                        w.WriteNumberValue(a[i]);
                    }
                    else
                    {
                        WriteNonFinite(w, a[i]);
                    }
                }

                break;
            }

            case TypeCode.Int64:
            {
                var a = (long[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.Int32:
            {
                var a = (int[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.Int16:
            {
                var a = (short[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.SByte:
            {
                var a = (sbyte[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.Byte:
            {
                var a = (byte[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.UInt16:
            {
                var a = (ushort[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.UInt32:
            {
                var a = (uint[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.UInt64:
            {
                var a = (ulong[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteNumberValue(a[i]);
                }

                break;
            }

            case TypeCode.Boolean:
            {
                var a = (bool[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteBooleanValue(a[i]);
                }

                break;
            }

            case TypeCode.String:
            {
                var a = (string[])data;
                for (var i = start; i < end; i++)
                {
                    w.WriteStringValue(a[i]);
                }

                break;
            }

            default:
                throw new ArgumentException($"no JSON form for {data.GetType()}", nameof(data));
        }
    }

    private static void WriteNonFinite(Utf8JsonWriter w, double value) =>
        w.WriteStringValue(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
}
