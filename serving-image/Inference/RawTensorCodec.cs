using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// The raw tensor form shared by gRPC's <c>raw_input_contents</c>/<c>raw_output_contents</c> and the REST binary tensor
/// extension: elements flat row-major, little-endian, no padding; BOOL one byte each (0 false, anything else true on
/// input, 1 on output); BYTES each element as a 4-byte little-endian length followed by that many bytes (UTF-8 here,
/// since this server's string tensors are .NET strings). Decoding copies once, from the wire buffer straight into the
/// typed array the tensor binds.
/// </summary>
public static class RawTensorCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes per element of a fixed-size type (4 for FP32), or 0 for BYTES and types this server does not carry.</summary>
    public static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Bool or TensorElementType.UInt8 or TensorElementType.Int8 => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 => 2,
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
        _ => 0,
    };

    /// <summary>
    /// Decodes <paramref name="raw"/> into the managed array of <paramref name="type"/> (float[], long[], string[] …) holding
    /// the product of <paramref name="shape"/> elements. Returns null with a message naming <paramref name="label"/> (e.g.
    /// "input 'x'") when the byte count disagrees with the shape, a BYTES length prefix runs past the end, or a BYTES
    /// element is not UTF-8.
    /// </summary>
    public static Array? TryDecode(ReadOnlySpan<byte> raw, TensorElementType type, long[] shape, string label, out string? error)
    {
        error = null;
        var count = ElementCount(shape);
        if (count < 0)
        {
            error = $"{label} has shape {Model.ShapeFormat.Format(shape)}, whose element count is too large";
            return null;
        }

        if (type == TensorElementType.String)
        {
            return DecodeStrings(raw, count, shape, label, out error);
        }

        var size = ElementSize(type);
        if (size == 0)
        {
            error = $"{label}: datatype {V2Datatype.NameOf(type)} has no raw form on this server";
            return null;
        }

        if (raw.Length != count * size)
        {
            error = $"{label} has {raw.Length} bytes of raw data but shape {Model.ShapeFormat.Format(shape)} of {V2Datatype.NameOf(type)} needs {count * size} bytes";
            return null;
        }

        return type switch
        {
            TensorElementType.Float => Copy<float>(raw),
            TensorElementType.Double => Copy<double>(raw),
            TensorElementType.Int8 => Copy<sbyte>(raw),
            TensorElementType.Int16 => Copy<short>(raw),
            TensorElementType.Int32 => Copy<int>(raw),
            TensorElementType.Int64 => Copy<long>(raw),
            TensorElementType.UInt8 => raw.ToArray(),
            TensorElementType.UInt16 => Copy<ushort>(raw),
            TensorElementType.UInt32 => Copy<uint>(raw),
            TensorElementType.UInt64 => Copy<ulong>(raw),
            _ => Booleans(raw),
        };
    }

    /// <summary>The encoded length of elements [<paramref name="start"/>, start + <paramref name="count"/>) of <paramref name="data"/>.</summary>
    public static int EncodedLength(Array data, int start, int count)
    {
        if (data is string[] strings)
        {
            long total = 0;
            for (var i = start; i < start + count; i++)
            {
                total += 4 + Encoding.UTF8.GetByteCount(strings[i]);
            }

            return checked((int)total);
        }

        var type = ElementTypes.ForClrType(data.GetType().GetElementType()!) ?? throw new ArgumentException($"no raw form for {data.GetType()}", nameof(data));
        return checked(count * ElementSize(type));
    }

    /// <summary>Encodes elements [<paramref name="start"/>, start + <paramref name="count"/>) of <paramref name="data"/> into a new array.</summary>
    public static byte[] Encode(Array data, int start, int count)
    {
        var bytes = new byte[EncodedLength(data, start, count)];
        Write(data, start, count, bytes);
        return bytes;
    }

    /// <summary>
    /// Writes elements [<paramref name="start"/>, start + <paramref name="count"/>) of <paramref name="data"/> into
    /// <paramref name="destination"/>, which holds exactly <see cref="EncodedLength"/> bytes.
    /// </summary>
    public static void Write(Array data, int start, int count, Span<byte> destination)
    {
        RequireLittleEndian();
        // Switch on the exact element type: the CLR lets ulong[] pass as long[] (and byte[] as sbyte[] …) in type tests.
        switch (Type.GetTypeCode(data.GetType().GetElementType()))
        {
            case TypeCode.Single: Bytes<float>(data, start, count).CopyTo(destination); break;
            case TypeCode.Double: Bytes<double>(data, start, count).CopyTo(destination); break;
            case TypeCode.SByte: Bytes<sbyte>(data, start, count).CopyTo(destination); break;
            case TypeCode.Byte: Bytes<byte>(data, start, count).CopyTo(destination); break;
            case TypeCode.Int16: Bytes<short>(data, start, count).CopyTo(destination); break;
            case TypeCode.UInt16: Bytes<ushort>(data, start, count).CopyTo(destination); break;
            case TypeCode.Int32: Bytes<int>(data, start, count).CopyTo(destination); break;
            case TypeCode.UInt32: Bytes<uint>(data, start, count).CopyTo(destination); break;
            case TypeCode.Int64: Bytes<long>(data, start, count).CopyTo(destination); break;
            case TypeCode.UInt64: Bytes<ulong>(data, start, count).CopyTo(destination); break;
            case TypeCode.Boolean: Bytes<bool>(data, start, count).CopyTo(destination); break;
            case TypeCode.String:
            {
                var strings = (string[])data;
                var at = 0;
                for (var i = start; i < start + count; i++)
                {
                    var length = Encoding.UTF8.GetBytes(strings[i], destination[(at + 4)..]);
                    BinaryPrimitives.WriteInt32LittleEndian(destination[at..], length);
                    at += 4 + length;
                }

                break;
            }

            default:
                throw new ArgumentException($"no raw form for {data.GetType()}", nameof(data));
        }
    }

    /// <summary>The product of <paramref name="shape"/>'s dims, or -1 when it overflows (dims are non-negative).</summary>
    public static long ElementCount(long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim == 0)
            {
                return 0;
            }

            if (dim < 0 || count > int.MaxValue / dim)
            {
                return -1;
            }

            count *= dim;
        }

        return count;
    }

    private static T[] Copy<T>(ReadOnlySpan<byte> raw)
        where T : struct
    {
        RequireLittleEndian();
        return MemoryMarshal.Cast<byte, T>(raw).ToArray();
    }

    private static bool[] Booleans(ReadOnlySpan<byte> raw)
    {
        var values = new bool[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            values[i] = raw[i] != 0;
        }

        return values;
    }

    private static string[]? DecodeStrings(ReadOnlySpan<byte> raw, long count, long[] shape, string label, out string? error)
    {
        error = null;
        // Every element takes at least its 4-byte length, so a count beyond that cannot be honest: refuse before allocating.
        if (count > raw.Length / 4)
        {
            error = $"{label} has {raw.Length} bytes of raw BYTES data, too few for the {count} elements of shape {Model.ShapeFormat.Format(shape)} (each needs a 4-byte length)";
            return null;
        }

        var values = new string[count];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (raw.Length - at < 4)
            {
                error = $"{label}: raw BYTES data ends at byte {at} before element {i} of {count} (shape {Model.ShapeFormat.Format(shape)})";
                return null;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(raw[at..]);
            at += 4;
            if (length > (uint)(raw.Length - at))
            {
                error = $"{label}: raw BYTES element {i} declares {length} bytes but only {raw.Length - at} remain";
                return null;
            }

            try
            {
                values[i] = StrictUtf8.GetString(raw.Slice(at, (int)length));
            }
            catch (DecoderFallbackException)
            {
                error = $"{label}: raw BYTES element {i} is not UTF-8 (this server's string tensors take UTF-8 text)";
                return null;
            }

            at += (int)length;
        }

        if (at != raw.Length)
        {
            error = $"{label} has {raw.Length - at} bytes of raw BYTES data after its {count} elements (shape {Model.ShapeFormat.Format(shape)})";
            return null;
        }

        return values;
    }

    private static ReadOnlySpan<byte> Bytes<T>(Array data, int start, int count)
        where T : struct =>
        MemoryMarshal.AsBytes(((T[])data).AsSpan(start, count));

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the raw tensor form is little-endian and this server copies it as is");
        }
    }
}
