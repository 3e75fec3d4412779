using System.Text;
using Google.Protobuf;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Grpc;

/// <summary>
/// Builds the <see cref="ModelInferResponse"/> for a successful Run: the requested outputs in the order requested, each
/// with the request's own rows of a merged Run; values in typed <c>contents</c>, or in <c>raw_output_contents</c> when the
/// request sent <c>raw_input_contents</c> (answer in the form you were asked in); the prediction id, when there is one, in
/// <c>parameters["prediction_id"]</c> as a <c>string_param</c>.
/// </summary>
public static class GrpcResponseWriter
{
    /// <summary>The response for <paramref name="request"/> from <paramref name="outcome"/> (whose outputs are set), with <paramref name="predictionId"/> when given.</summary>
    public static ModelInferResponse Write(string modelName, string modelVersion, ValidatedRequest request, InferenceOutcome outcome, bool raw, string? predictionId)
    {
        var outputs = outcome.Outputs!;
        var response = new ModelInferResponse { ModelName = modelName, ModelVersion = modelVersion, Id = request.Id ?? "" };
        if (predictionId is not null)
        {
            response.Parameters.Add(Feedback.PredictionIds.ParameterName, new InferParameter { StringParam = predictionId });
        }

        foreach (var index in request.OutputIndices)
        {
            var tensor = outputs[index];
            var slice = OutputSlice.Of(tensor, outcome);
            var output = new ModelInferResponse.Types.InferOutputTensor { Name = tensor.Name, Datatype = V2Datatype.NameOf(tensor.ElementType) };
            output.Shape.AddRange(slice.Shape);
            if (raw)
            {
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(RawTensorCodec.Encode(tensor.Data, slice.Start, slice.Count)));
            }
            else
            {
                output.Contents = Contents(tensor.Data, slice.Start, slice.Count);
            }

            response.Outputs.Add(output);
        }

        return response;
    }

    private static InferTensorContents Contents(Array data, int start, int count)
    {
        var c = new InferTensorContents();
        // Switch on the exact element type: the CLR lets ulong[] pass as long[] (and byte[] as sbyte[] …) in type tests.
        switch (Type.GetTypeCode(data.GetType().GetElementType()))
        {
            case TypeCode.Single: c.Fp32Contents.AddRange(new ArraySegment<float>((float[])data, start, count)); break;
            case TypeCode.Double: c.Fp64Contents.AddRange(new ArraySegment<double>((double[])data, start, count)); break;
            case TypeCode.Int64: c.Int64Contents.AddRange(new ArraySegment<long>((long[])data, start, count)); break;
            case TypeCode.UInt64: c.Uint64Contents.AddRange(new ArraySegment<ulong>((ulong[])data, start, count)); break;
            case TypeCode.Int32: c.IntContents.AddRange(new ArraySegment<int>((int[])data, start, count)); break;
            case TypeCode.UInt32: c.UintContents.AddRange(new ArraySegment<uint>((uint[])data, start, count)); break;
            case TypeCode.Boolean: c.BoolContents.AddRange(new ArraySegment<bool>((bool[])data, start, count)); break;
            case TypeCode.Int16: c.IntContents.AddRange(new ArraySegment<short>((short[])data, start, count).Select(v => (int)v)); break;
            case TypeCode.SByte: c.IntContents.AddRange(new ArraySegment<sbyte>((sbyte[])data, start, count).Select(v => (int)v)); break;
            case TypeCode.UInt16: c.UintContents.AddRange(new ArraySegment<ushort>((ushort[])data, start, count).Select(v => (uint)v)); break;
            case TypeCode.Byte: c.UintContents.AddRange(new ArraySegment<byte>((byte[])data, start, count).Select(v => (uint)v)); break;
            case TypeCode.String:
                foreach (var s in new ArraySegment<string>((string[])data, start, count))
                {
                    c.BytesContents.Add(ByteString.CopyFrom(s, Encoding.UTF8));
                }

                break;
            default:
                throw new ArgumentException($"no contents field for {data.GetType()}", nameof(data));
        }

        return c;
    }
}
