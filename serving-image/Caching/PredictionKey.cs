using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Caching;

/// <summary>
/// The Redis key of one prediction: <c>rollouts:prediction:v1:{name}:{version}:{model sha256}:{input sha256}</c>, both
/// hashes lower-case hex. The model revision is the served name, version and the SHA-256 of the model file's bytes, so a
/// new model file under the same name and version never hits an old entry. The input hash is over the canonical form of
/// the validated input tensors, which is what REST JSON, REST binary tensors and gRPC typed or raw contents all parse
/// into: for each input, in ordinal order of its name, the UTF-8 name, the ONNX element type, the rank and dims (each a
/// little-endian int32 or int64), then the values in the raw tensor form of <see cref="RawTensorCodec"/> (row-major,
/// little-endian; BOOL one byte; BYTES length-prefixed UTF-8), each part length-prefixed. The same tensor sent any of
/// those ways therefore gets the same key; which outputs were asked for, and how, is not part of it (the cache holds
/// every model output).
/// </summary>
public static class PredictionKey
{
    /// <summary>The key prefix of a model revision (<c>rollouts:prediction:v1:{name}:{version}:{sha256}:</c>).</summary>
    public static string Revision(string name, string version, string modelSha256) =>
        $"rollouts:prediction:v1:{name}:{version}:{modelSha256}:";

    /// <summary>The key of <paramref name="inputs"/> under the revision prefix <paramref name="revision"/>.</summary>
    public static string For(string revision, IReadOnlyList<Tensor> inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        var order = inputs.Count == 1 ? [inputs[0]] : inputs.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        foreach (var tensor in order)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(tensor.Name);
            AppendInt(hash, number, name.Length);
            hash.AppendData(name);
            AppendInt(hash, number, (int)tensor.ElementType);
            AppendInt(hash, number, tensor.Shape.Length);
            foreach (var dim in tensor.Shape)
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, dim);
                hash.AppendData(number);
            }

            var length = RawTensorCodec.EncodedLength(tensor.Data, 0, tensor.Length);
            AppendInt(hash, number, length);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                RawTensorCodec.Write(tensor.Data, 0, tensor.Length, buffer.AsSpan(0, length));
                hash.AppendData(buffer, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return revision + Convert.ToHexStringLower(digest);
    }

    private static void AppendInt(IncrementalHash hash, Span<byte> scratch, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(scratch, value);
        hash.AppendData(scratch[..4]);
    }
}
