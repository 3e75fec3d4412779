using System.Buffers.Binary;
using System.Text;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Caching;

/// <summary>
/// The value of a cache entry: one request's part of every model output (<see cref="OutputSlice"/>), in model order.
/// Layout, little-endian: byte format version (1), int32 output count, then per output int32 name length, UTF-8 name,
/// int32 ONNX element type, int32 rank, int64 dims, int32 value byte count and the values in the raw tensor form of
/// <see cref="RawTensorCodec"/>.
/// </summary>
public static class CachedOutputs
{
    private const byte FormatVersion = 1;
    private const int MaxRank = 64;

    /// <summary>Encodes the request's part of each output of <paramref name="outcome"/>.</summary>
    public static byte[] Encode(InferenceOutcome outcome)
    {
        var outputs = outcome.Outputs ?? throw new ArgumentException("a failed outcome has no outputs", nameof(outcome));
        var parts = new (byte[] Name, Tensor Tensor, OutputSlice Slice, int Bytes)[outputs.Count];
        var total = 1 + 4;
        for (var i = 0; i < outputs.Count; i++)
        {
            var slice = OutputSlice.Of(outputs[i], outcome);
            var name = Encoding.UTF8.GetBytes(outputs[i].Name);
            var bytes = RawTensorCodec.EncodedLength(outputs[i].Data, slice.Start, slice.Count);
            parts[i] = (name, outputs[i], slice, bytes);
            total += 4 + name.Length + 4 + 4 + (8 * slice.Shape.Length) + 4 + bytes;
        }

        var value = new byte[total];
        var span = value.AsSpan();
        span[0] = FormatVersion;
        var at = 1;
        Int(span, ref at, outputs.Count);
        foreach (var (name, tensor, slice, bytes) in parts)
        {
            Int(span, ref at, name.Length);
            name.CopyTo(span[at..]);
            at += name.Length;
            Int(span, ref at, (int)tensor.ElementType);
            Int(span, ref at, slice.Shape.Length);
            foreach (var dim in slice.Shape)
            {
                BinaryPrimitives.WriteInt64LittleEndian(span[at..], dim);
                at += 8;
            }

            Int(span, ref at, bytes);
            RawTensorCodec.Write(tensor.Data, slice.Start, slice.Count, span.Slice(at, bytes));
            at += bytes;
        }

        return value;
    }

    /// <summary>Decodes a value written by <see cref="Encode"/>; null when it is not one (another format, truncated).</summary>
    public static IReadOnlyList<Tensor>? TryDecode(ReadOnlySpan<byte> value)
    {
        try
        {
            if (value.Length < 5 || value[0] != FormatVersion)
            {
                return null;
            }

            var at = 1;
            var count = Int(value, ref at);
            var outputs = new List<Tensor>(Math.Min(count, 64));
            for (var i = 0; i < count; i++)
            {
                var nameLength = Int(value, ref at);
                var name = Encoding.UTF8.GetString(value.Slice(at, nameLength));
                at += nameLength;
                var type = (TensorElementType)Int(value, ref at);
                var rank = Int(value, ref at);
                if (rank > MaxRank)
                {
                    return null;
                }

                var shape = new long[rank];
                for (var d = 0; d < shape.Length; d++)
                {
                    shape[d] = BinaryPrimitives.ReadInt64LittleEndian(value[at..]);
                    at += 8;
                }

                var bytes = Int(value, ref at);
                var data = RawTensorCodec.TryDecode(value.Slice(at, bytes), type, shape, $"cached output '{name}'", out _);
                if (data is null)
                {
                    return null;
                }

                at += bytes;
                outputs.Add(Tensor.Trusted(name, type, shape, data));
            }

            return at == value.Length ? outputs : null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static void Int(Span<byte> span, ref int at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], value);
        at += 4;
    }

    private static int Int(ReadOnlySpan<byte> span, ref int at)
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(span), "negative length in a cached value");
        }

        return value;
    }
}
