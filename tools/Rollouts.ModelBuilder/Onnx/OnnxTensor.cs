using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using Rollouts.ModelBuilder.Onnx.Proto;

namespace Rollouts.ModelBuilder.Onnx;

/// <summary>
/// A constant tensor for an initializer or a <c>tensor</c> attribute. Numeric data is stored as
/// <c>raw_data</c> (fixed-width little-endian, as onnx.proto requires); strings as <c>string_data</c>; an
/// <see cref="External"/> tensor names a file instead (<c>data_location: EXTERNAL</c>).
/// </summary>
public sealed class OnnxTensor
{
    private readonly byte[]? _raw;
    private readonly string[]? _strings;
    private readonly (string Location, long Offset, long Length)? _external;

    private OnnxTensor(OnnxDataType type, long[] dims, byte[]? raw, string[]? strings, long count, (string, long, long)? external = null)
    {
        if (dims.Any(d => d < 0))
        {
            throw new ArgumentException($"Constant tensor dims must be >= 0, got [{string.Join(",", dims)}].", nameof(dims));
        }

        long expected = dims.Aggregate(1L, (a, d) => a * d);
        if (expected != count)
        {
            throw new ArgumentException($"Tensor of shape [{string.Join(",", dims)}] needs {expected} elements, got {count}.", nameof(dims));
        }

        Type = type;
        Dims = (long[])dims.Clone();
        _raw = raw;
        _strings = strings;
        _external = external;
    }

    /// <summary>Element type.</summary>
    public OnnxDataType Type { get; }

    /// <summary>Shape (row-major); empty for a scalar.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>A float tensor; <paramref name="dims"/> product must equal the data length.</summary>
    public static OnnxTensor FromFloats(float[] data, params long[] dims) => Numeric(OnnxDataType.Float, data, dims);

    /// <summary>A double tensor.</summary>
    public static OnnxTensor FromDoubles(double[] data, params long[] dims) => Numeric(OnnxDataType.Double, data, dims);

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor FromInt64s(long[] data, params long[] dims) => Numeric(OnnxDataType.Int64, data, dims);

    /// <summary>An int32 tensor.</summary>
    public static OnnxTensor FromInt32s(int[] data, params long[] dims) => Numeric(OnnxDataType.Int32, data, dims);

    /// <summary>A uint8 tensor.</summary>
    public static OnnxTensor FromBytes(byte[] data, params long[] dims) => Numeric(OnnxDataType.UInt8, data, dims);

    /// <summary>A bool tensor (one byte per element).</summary>
    public static OnnxTensor FromBools(bool[] data, params long[] dims) =>
        new(OnnxDataType.Bool, dims, data.Select(b => b ? (byte)1 : (byte)0).ToArray(), null, data.Length);

    /// <summary>A string tensor (UTF-8).</summary>
    public static OnnxTensor FromStrings(string[] data, params long[] dims) =>
        new(OnnxDataType.String, dims, null, (string[])data.Clone(), data.Length);

    /// <summary>
    /// Any numeric type from its raw little-endian bytes (e.g. Float16 bits, Int8, UInt16, UInt32, UInt64).
    /// </summary>
    /// <exception cref="ArgumentException">String type, or a byte count that is not elements × element size.</exception>
    public static OnnxTensor FromRaw(OnnxDataType type, byte[] raw, params long[] dims)
    {
        int size = ElementSize(type);
        if (raw.Length % size != 0)
        {
            throw new ArgumentException($"{raw.Length} bytes is not a whole number of {type} elements ({size} bytes each).", nameof(raw));
        }

        return new OnnxTensor(type, dims, (byte[])raw.Clone(), null, raw.Length / size);
    }

    /// <summary>
    /// A numeric tensor whose data ONNX Runtime reads from a file: <c>data_location: EXTERNAL</c> with
    /// <c>external_data</c> entries <c>location</c> (written as given, normally relative to the model's folder),
    /// <c>offset</c> and <c>length</c> in bytes. Nothing is checked against the file; the location is any string, so
    /// tests can build models that point where they should not.
    /// </summary>
    /// <exception cref="ArgumentException">String type, or a negative offset or dimension.</exception>
    public static OnnxTensor External(OnnxDataType type, string location, long offset, params long[] dims)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long count = dims.Aggregate(1L, (a, d) => a * d);
        return new OnnxTensor(type, dims, null, null, count, (location, offset, count * ElementSize(type)));
    }

    /// <summary>Size in bytes of one element of a numeric type.</summary>
    /// <exception cref="ArgumentException">For <see cref="OnnxDataType.String"/> or an unknown type.</exception>
    public static int ElementSize(OnnxDataType type) => type switch
    {
        OnnxDataType.UInt8 or OnnxDataType.Int8 or OnnxDataType.Bool => 1,
        OnnxDataType.UInt16 or OnnxDataType.Int16 or OnnxDataType.Float16 => 2,
        OnnxDataType.Float or OnnxDataType.Int32 or OnnxDataType.UInt32 => 4,
        OnnxDataType.Int64 or OnnxDataType.Double or OnnxDataType.UInt64 => 8,
        _ => throw new ArgumentException($"{type} has no fixed element size.", nameof(type)),
    };

    internal TensorProto ToProto(string? name)
    {
        var proto = new TensorProto { DataType = (int)Type };
        proto.Dims.AddRange(Dims);
        if (name is not null)
        {
            proto.Name = name;
        }

        if (_external is var (location, offset, length))
        {
            proto.DataLocation = TensorProto.Types.DataLocation.External;
            proto.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            proto.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            proto.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        else if (_strings is not null)
        {
            proto.StringData.AddRange(_strings.Select(s => ByteString.CopyFrom(s, Encoding.UTF8)));
        }
        else
        {
            proto.RawData = ByteString.CopyFrom(_raw!);
        }

        return proto;
    }

    private static OnnxTensor Numeric<T>(OnnxDataType type, T[] data, long[] dims)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("raw_data is little-endian; big-endian hosts are not supported.");
        }

        return new OnnxTensor(type, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray(), null, data.Length);
    }
}
