using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Http;

/// <summary>
/// The binary tensor extension of the REST protocol, as Triton and KServe speak it. A request with an
/// <c>Inference-Header-Content-Length: N</c> header is N bytes of JSON followed by the raw values (see
/// <see cref="RawTensorCodec"/>) of every input that has <c>parameters.binary_data_size</c>, back to back in input order.
/// A response is binary when the request asked (<c>parameters.binary_data_output: true</c>, or an output's
/// <c>parameters.binary_data: true</c>): <c>Content-Type: application/octet-stream</c>, the JSON header (binary outputs
/// carry <c>parameters.binary_data_size</c> instead of <c>data</c>) and its length in <c>Inference-Header-Content-Length</c>,
/// then the binary outputs' bytes in output order.
/// </summary>
public static class BinaryTensorExtension
{
    /// <summary>The header holding the JSON part's length in bytes.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>The extension's name in server metadata.</summary>
    public const string ExtensionName = "binary_tensor_data";

    /// <summary>The content type of a binary response.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>
    /// The declared JSON header length: null when the header is absent; -1 with <paramref name="error"/> when it is not one
    /// non-negative integer.
    /// </summary>
    public static long? HeaderLength(HttpRequest request, out string? error)
    {
        error = null;
        if (!request.Headers.TryGetValue(HeaderLengthHeader, out var values))
        {
            return null;
        }

        if (values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return length;
        }

        error = $"the {HeaderLengthHeader} header must be one non-negative integer (the length of the JSON part in bytes), got '{values}'";
        return -1;
    }

    /// <summary>
    /// Splits <paramref name="body"/> at <paramref name="headerLength"/> into the JSON header and the binary section;
    /// false with a message when the header length is beyond the body.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> body, long headerLength, out ReadOnlySpan<byte> json, out ReadOnlySpan<byte> binary, out string? error)
    {
        if (headerLength > body.Length || headerLength == 0)
        {
            json = binary = default;
            error = $"{HeaderLengthHeader} is {headerLength} but the body has {body.Length} bytes: the JSON header must be non-empty and within the body";
            return false;
        }

        json = body[..(int)headerLength];
        binary = body[(int)headerLength..];
        error = null;
        return true;
    }

    /// <summary>Writes the binary response for <paramref name="request"/> (which has binary outputs) from <paramref name="outcome"/>, its JSON header with <paramref name="predictionId"/> when given.</summary>
    public static async Task WriteAsync(HttpContext context, JsonEncodedText modelName, JsonEncodedText modelVersion, ValidatedRequest request, InferenceOutcome outcome, string? predictionId)
    {
        var header = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(header, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            InferResponseWriter.Write(w, modelName, modelVersion, request, outcome, predictionId);
        }

        var outputs = outcome.Outputs!;
        var binary = request.BinaryOutputs!;
        long total = header.WrittenCount;
        var slices = new OutputSlice[request.OutputIndices.Length];
        var lengths = new int[slices.Length];
        for (var i = 0; i < slices.Length; i++)
        {
            if (binary[i])
            {
                var tensor = outputs[request.OutputIndices[i]];
                slices[i] = OutputSlice.Of(tensor, outcome);
                lengths[i] = RawTensorCodec.EncodedLength(tensor.Data, slices[i].Start, slices[i].Count);
                total += lengths[i];
            }
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = total;
        response.Headers[HeaderLengthHeader] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
        var pipe = response.BodyWriter;
        pipe.Write(header.WrittenSpan);
        for (var i = 0; i < slices.Length; i++)
        {
            if (binary[i])
            {
                // Encoded straight into the response pipe: no intermediate copy of the output's bytes.
                var span = pipe.GetSpan(lengths[i])[..lengths[i]];
                RawTensorCodec.Write(outputs[request.OutputIndices[i]].Data, slices[i].Start, slices[i].Count, span);
                pipe.Advance(lengths[i]);
            }
        }

        await pipe.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
