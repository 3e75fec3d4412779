using System.Text.Json;
using Rollouts.Serving.Model;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// Parses an Open Inference Protocol infer request body straight into typed arrays with <see cref="Utf8JsonReader"/>
/// (no DOM, no per-element boxing). <c>data</c> may be flat or nested (row-major either way); properties may come in
/// any order (a <c>data</c> seen before its <c>datatype</c> is re-read once the datatype is known);
/// <c>parameters</c> objects are accepted and ignored but for the binary tensor extension's (<c>binary_data_size</c> on an
/// input, <c>binary_data</c> on an output, <c>binary_data_output</c> on the request); unknown properties are skipped.
/// </summary>
public static class InferRequestParser
{
    private const int MaxNesting = 64;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxNesting };

    /// <summary>
    /// Parses <paramref name="json"/>. Returns the request, or null with a client error message
    /// (malformed JSON, wrong JSON value types, unknown datatype, values out of the datatype's range).
    /// Input names equal to a model input reuse the model's string.
    /// </summary>
    public static InferRequest? TryParse(ReadOnlySpan<byte> json, ModelSignature signature, out string? error) =>
        TryParse(json, default, hasBinary: false, signature, out error);

    /// <summary>
    /// Parses the JSON header <paramref name="json"/> of a binary tensor extension request whose inputs with
    /// <c>parameters.binary_data_size</c> take their values, in input order, from <paramref name="binary"/> (the bytes after
    /// the header, see <see cref="RawTensorCodec"/>). With <paramref name="hasBinary"/> false (no
    /// <c>Inference-Header-Content-Length</c>) a <c>binary_data_size</c> is an error. Sizes that disagree with the shape or
    /// with the binary section's length are errors naming the input.
    /// </summary>
    public static InferRequest? TryParse(ReadOnlySpan<byte> json, ReadOnlySpan<byte> binary, bool hasBinary, ModelSignature signature, out string? error)
    {
        try
        {
            error = null;
            var section = new BinarySection(binary, hasBinary);
            var request = Parse(json, ref section, signature);
            if (section.Offset != binary.Length)
            {
                throw new RequestFormatException($"the binary data after the JSON header has {binary.Length} bytes but the inputs' binary_data_size add up to {section.Offset}");
            }

            return request;
        }
        catch (RequestFormatException e)
        {
            error = e.Message;
        }
        catch (JsonException e)
        {
            error = $"malformed JSON: {Trim(e.Message)}";
        }
        catch (InvalidOperationException e)
        {
            error = $"malformed request: {e.Message}";
        }

        return null;
    }

    private static InferRequest Parse(ReadOnlySpan<byte> json, ref BinarySection binary, ModelSignature signature)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestFormatException("the request body must be a JSON object");
        }

        string? id = null;
        List<RequestInput>? inputs = null;
        List<string>? outputs = null;
        List<bool?>? outputBinary = null;
        var binaryOutput = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                inputs = ReadInputs(ref reader, json, ref binary, signature);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                (outputs, outputBinary) = ReadOutputs(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()
                    : throw new RequestFormatException($"'id' must be a string, got {Describe(reader.TokenType)}");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                ExpectObject(ref reader, "'parameters'");
                binaryOutput = ReadBoolParameter(ref reader, "binary_data_output"u8, "parameters.binary_data_output") ?? false;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new RequestFormatException("the request body must be a JSON object");
        }

        if (reader.Read())
        {
            throw new RequestFormatException("unexpected content after the request object");
        }

        return inputs is null
            ? throw new RequestFormatException("the request has no 'inputs'")
            : new InferRequest(id, inputs, outputs) { BinaryDataOutput = binaryOutput, OutputBinaryData = outputBinary };
    }

    private static List<RequestInput> ReadInputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref BinarySection binary, ModelSignature signature)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFormatException($"'inputs' must be an array, got {Describe(reader.TokenType)}");
        }

        var inputs = new List<RequestInput>(signature.Inputs.Count);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            inputs.Add(ReadInput(ref reader, json, ref binary, signature, inputs.Count));
        }

        return inputs;
    }

    private static RequestInput ReadInput(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref BinarySection binary, ModelSignature signature, int position)
    {
        ExpectObject(ref reader, $"inputs[{position}]");
        string? name = null;
        var hasDatatype = false;
        TensorElementType type = 0;
        long[]? shape = null;
        Array? data = null;
        long[]? nesting = null;
        var deferredDataStart = -1;
        long binarySize = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String
                    ? KnownName(ref reader, signature)
                    : throw new RequestFormatException($"inputs[{position}].name must be a string, got {Describe(reader.TokenType)}");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new RequestFormatException($"datatype of {Label(name, position)} must be a string, got {Describe(reader.TokenType)}");
                }

                hasDatatype = true;
                type = V2Datatype.Parse(ref reader);
                if (type == 0)
                {
                    throw new RequestFormatException($"unknown datatype '{reader.GetString()}' for {Label(name, position)}: expected one of {V2Datatype.Supported}");
                }

                if (type == TensorElementType.Float16)
                {
                    throw new RequestFormatException($"datatype FP16 of {Label(name, position)} is not supported by this server: send FP32 values (the model's datatype is in GET /v2/models/{{name}})");
                }
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader, name, position);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (type == 0)
                {
                    deferredDataStart = checked((int)reader.TokenStartIndex);
                    reader.Skip();
                }
                else
                {
                    data = ReadData(ref reader, type, Hint(shape, json.Length), name, position, out nesting);
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                ExpectObject(ref reader, $"parameters of {Label(name, position)}");
                binarySize = ReadBinaryDataSize(ref reader, Label(name, position));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (name is null)
        {
            throw new RequestFormatException($"inputs[{position}] has no 'name'");
        }

        if (!hasDatatype)
        {
            throw new RequestFormatException($"input '{name}' has no 'datatype'");
        }

        if (shape is null)
        {
            throw new RequestFormatException($"input '{name}' has no 'shape'");
        }

        if (binarySize >= 0)
        {
            data = data is not null || deferredDataStart >= 0
                ? throw new RequestFormatException($"input '{name}' has both 'data' and parameters.binary_data_size: send its values one way")
                : binary.Take(name, type, shape, binarySize);
        }
        else if (deferredDataStart >= 0)
        {
            var later = new Utf8JsonReader(json[deferredDataStart..], Options);
            later.Read();
            data = ReadData(ref later, type, Hint(shape, json.Length), name, position, out nesting);
        }

        if (data is null)
        {
            throw new RequestFormatException($"input '{name}' has no 'data'");
        }

        if (nesting is not null && !nesting.AsSpan().SequenceEqual(shape))
        {
            throw new RequestFormatException($"data of input '{name}' is nested as {ShapeFormat.Format(nesting)} but its shape is {ShapeFormat.Format(shape)}");
        }

        return new RequestInput(name, type, shape, data);
    }

    private static (List<string> Names, List<bool?>? Binary) ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFormatException($"'outputs' must be an array, got {Describe(reader.TokenType)}");
        }

        var names = new List<string>(2);
        List<bool?>? binary = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ExpectObject(ref reader, $"outputs[{names.Count}]");
            string? name = null;
            bool? binaryData = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                var isParameters = reader.ValueTextEquals("parameters"u8);
                reader.Read();
                if (isParameters)
                {
                    ExpectObject(ref reader, $"parameters of outputs[{names.Count}]");
                    binaryData = ReadBoolParameter(ref reader, "binary_data"u8, $"outputs[{names.Count}].parameters.binary_data");
                }
                else if (isName)
                {
                    name = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()
                        : throw new RequestFormatException($"outputs[{names.Count}].name must be a string, got {Describe(reader.TokenType)}");
                }
                else
                {
                    reader.Skip();
                }
            }

            names.Add(name ?? throw new RequestFormatException($"outputs[{names.Count}] has no 'name'"));
            if (binaryData is not null)
            {
                binary ??= [.. Enumerable.Repeat<bool?>(null, names.Count - 1)];
            }

            binary?.Add(binaryData);
        }

        return (names, binary);
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, string? name, int position)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFormatException($"shape of {Label(name, position)} must be an array of non-negative integers, got {Describe(reader.TokenType)}");
        }

        var dims = new GrowBuffer<long>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim) || dim < 0)
            {
                throw new RequestFormatException($"shape of {Label(name, position)} must be an array of non-negative integers");
            }

            dims.Add(dim);
        }

        return dims.Count == 0 ? [] : dims.ToArray();
    }

    private static Array ReadData(ref Utf8JsonReader reader, TensorElementType type, int hint, string? name, int position, out long[]? nesting)
    {
        nesting = null;
        return type switch
        {
            TensorElementType.Float => ReadData<float, JsonElementReaders.Fp32>(ref reader, hint, name, position, "FP32", out nesting),
            TensorElementType.Double => ReadData<double, JsonElementReaders.Fp64>(ref reader, hint, name, position, "FP64", out nesting),
            TensorElementType.Int8 => ReadData<sbyte, JsonElementReaders.Int8>(ref reader, hint, name, position, "INT8", out nesting),
            TensorElementType.Int16 => ReadData<short, JsonElementReaders.Int16>(ref reader, hint, name, position, "INT16", out nesting),
            TensorElementType.Int32 => ReadData<int, JsonElementReaders.Int32>(ref reader, hint, name, position, "INT32", out nesting),
            TensorElementType.Int64 => ReadData<long, JsonElementReaders.Int64>(ref reader, hint, name, position, "INT64", out nesting),
            TensorElementType.UInt8 => ReadData<byte, JsonElementReaders.UInt8>(ref reader, hint, name, position, "UINT8", out nesting),
            TensorElementType.UInt16 => ReadData<ushort, JsonElementReaders.UInt16>(ref reader, hint, name, position, "UINT16", out nesting),
            TensorElementType.UInt32 => ReadData<uint, JsonElementReaders.UInt32>(ref reader, hint, name, position, "UINT32", out nesting),
            TensorElementType.UInt64 => ReadData<ulong, JsonElementReaders.UInt64>(ref reader, hint, name, position, "UINT64", out nesting),
            TensorElementType.Bool => ReadData<bool, JsonElementReaders.Bool>(ref reader, hint, name, position, "BOOL", out nesting),
            TensorElementType.String => ReadData<string, JsonElementReaders.Bytes>(ref reader, hint, name, position, "BYTES", out nesting),
            _ => throw new RequestFormatException($"datatype of {Label(name, position)} is not supported"),
        };
    }

    private static T[] ReadData<T, TReader>(ref Utf8JsonReader reader, int hint, string? name, int position, string datatype, out long[]? nesting)
        where TReader : struct, IJsonElementReader<T>
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFormatException($"data of {Label(name, position)} must be an array (flat or nested), got {Describe(reader.TokenType)}");
        }

        // Nesting is checked as it streams by: every array at one depth has the same length, values sit at one depth.
        Span<int> lengths = stackalloc int[MaxNesting + 2];
        Span<int> counts = stackalloc int[MaxNesting + 2];
        lengths.Fill(-1);
        var values = new GrowBuffer<T>(hint);
        var depth = 1;
        var leafDepth = -1;
        while (depth > 0 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    counts[depth]++;
                    depth++;
                    counts[depth] = 0;
                    break;
                case JsonTokenType.EndArray:
                    if (lengths[depth] < 0)
                    {
                        lengths[depth] = counts[depth];
                    }
                    else if (lengths[depth] != counts[depth])
                    {
                        throw new RequestFormatException($"data of {Label(name, position)} is ragged: nested arrays at depth {depth} have {lengths[depth]} and {counts[depth]} elements");
                    }

                    depth--;
                    break;
                default:
                    if (!TReader.TryRead(ref reader, out var value))
                    {
                        throw new RequestFormatException(
                            $"data of {Label(name, position)} element {values.Count}: expected {Expected(datatype)}, got {Got(ref reader)}");
                    }

                    if (leafDepth != depth)
                    {
                        leafDepth = leafDepth < 0 ? depth : throw new RequestFormatException($"data of {Label(name, position)} mixes values and arrays at the same level");
                    }

                    counts[depth]++;
                    values.Add(value);
                    break;
            }
        }

        nesting = null;
        if (leafDepth > 1)
        {
            nesting = new long[leafDepth];
            for (var d = 1; d <= leafDepth; d++)
            {
                nesting[d - 1] = lengths[d];
            }
        }

        return values.ToArray();
    }

    /// <summary>Reads a parameters object (reader on its start) for the boolean <paramref name="key"/>; null when absent.</summary>
    private static bool? ReadBoolParameter(ref Utf8JsonReader reader, ReadOnlySpan<byte> key, string what)
    {
        bool? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(key);
            reader.Read();
            if (!match)
            {
                reader.Skip();
            }
            else if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                value = reader.GetBoolean();
            }
            else
            {
                throw new RequestFormatException($"{what} must be true or false, got {Describe(reader.TokenType)}");
            }
        }

        return value;
    }

    /// <summary>Reads an input's parameters object (reader on its start) for <c>binary_data_size</c>; -1 when absent.</summary>
    private static long ReadBinaryDataSize(ref Utf8JsonReader reader, string label)
    {
        long size = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals("binary_data_size"u8);
            reader.Read();
            if (!match)
            {
                reader.Skip();
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out size) || size < 0)
            {
                throw new RequestFormatException($"parameters.binary_data_size of {label} must be a non-negative integer");
            }
        }

        return size;
    }

    private static string KnownName(ref Utf8JsonReader reader, ModelSignature signature)
    {
        foreach (var spec in signature.Inputs)
        {
            if (reader.ValueTextEquals(spec.Utf8Name))
            {
                return spec.Name;
            }
        }

        return reader.GetString()!;
    }

    private static int Hint(long[]? shape, int bodyLength)
    {
        if (shape is null)
        {
            return 16;
        }

        long product = 1;
        foreach (var dim in shape)
        {
            product = dim == 0 ? 0 : product > bodyLength / Math.Max(1, dim) ? bodyLength + 1L : product * dim;
        }

        // Each element takes at least one byte of JSON, so a larger shape cannot be honest: cap the allocation.
        return (int)Math.Clamp(product, 1, Math.Max(1, bodyLength / 2));
    }

    private static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestFormatException($"{what} must be an object, got {Describe(reader.TokenType)}");
        }
    }

    private static string Label(string? name, int position) => name is null ? $"inputs[{position}]" : $"input '{name}'";

    private static string Expected(string datatype) => datatype switch
    {
        "BOOL" => "true or false (BOOL)",
        "BYTES" => "a string (BYTES)",
        "FP32" or "FP64" => $"a finite number ({datatype})",
        _ => $"an integer in the range of {datatype}",
    };

    private static string Got(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number or JsonTokenType.String => $"{Describe(reader.TokenType)} {Trim(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))}",
        _ => Describe(reader.TokenType),
    };

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    /// <summary>The bytes after a binary request's JSON header, consumed input by input in request order.</summary>
    private ref struct BinarySection(ReadOnlySpan<byte> bytes, bool present)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;

        /// <summary>Bytes consumed so far.</summary>
        public int Offset { get; private set; }

        /// <summary>The next <paramref name="size"/> bytes decoded as the values of input <paramref name="name"/>.</summary>
        public Array Take(string name, TensorElementType type, long[] shape, long size)
        {
            if (!present)
            {
                throw new RequestFormatException($"input '{name}' has parameters.binary_data_size but the request has no Inference-Header-Content-Length header (the length of the JSON part before the binary data)");
            }

            if (size > bytes.Length - Offset)
            {
                throw new RequestFormatException($"input '{name}' has binary_data_size {size} but only {bytes.Length - Offset} bytes of binary data remain after the JSON header (the body is truncated or the sizes disagree)");
            }

            var data = RawTensorCodec.TryDecode(bytes.Slice(Offset, (int)size), type, shape, $"input '{name}'", out var error)
                ?? throw new RequestFormatException(error!);
            Offset += (int)size;
            return data;
        }
    }

    private static string Trim(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
