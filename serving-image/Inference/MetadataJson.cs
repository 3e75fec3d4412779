using System.Buffers;
using System.Text.Json;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Inference;

/// <summary>Renders the Open Inference Protocol metadata bodies once (they do not change while the process lives).</summary>
public static class MetadataJson
{
    /// <summary>The platform reported for every model.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary><c>{"name","version","extensions"}</c> for GET /v2.</summary>
    public static byte[] Server(string name, string version, IReadOnlyList<string> extensions)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name"u8, name);
            w.WriteString("version"u8, version);
            w.WriteStartArray("extensions"u8);
            foreach (var extension in extensions)
            {
                w.WriteStringValue(extension);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <c>{"name","versions","platform","inputs":[{"name","datatype","shape"}],"outputs":[…]}</c> for
    /// GET /v2/models/{name}; shapes use -1 for dynamic dims.
    /// </summary>
    public static byte[] Model(string name, string version, ModelSignature signature)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name"u8, name);
            w.WriteStartArray("versions"u8);
            w.WriteStringValue(version);
            w.WriteEndArray();
            w.WriteString("platform"u8, Platform);
            WriteTensors(w, "inputs"u8, signature.Inputs);
            WriteTensors(w, "outputs"u8, signature.Outputs);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTensors(Utf8JsonWriter w, ReadOnlySpan<byte> property, IReadOnlyList<TensorSpec> specs)
    {
        w.WriteStartArray(property);
        foreach (var spec in specs)
        {
            w.WriteStartObject();
            w.WriteString("name"u8, spec.EncodedName);
            w.WriteString("datatype"u8, spec.Datatype);
            w.WriteStartArray("shape"u8);
            foreach (var dim in spec.Shape)
            {
                w.WriteNumberValue(dim);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
