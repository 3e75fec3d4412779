using System.Text;

namespace Rollouts.Serving.Model;

/// <summary>
/// Finds every tensor of a serialized ONNX ModelProto that keeps its data in an external file, reading the protobuf wire
/// format directly (field numbers from onnx/onnx.proto): initializers and sparse initializers of every graph, tensors in
/// node attributes (<c>t</c>, <c>tensors</c>, <c>sparse_tensor</c>, <c>sparse_tensors</c>), subgraphs in attributes
/// (<c>g</c>, <c>graphs</c>: If, Loop, Scan bodies), model-local functions and training graphs. Nothing is copied: bulk
/// data (<c>raw_data</c>) is skipped by its length, so scanning costs a pass over the field headers.
/// </summary>
public static class ExternalTensorScanner
{
    private const int MaxDepth = 64;

    // ModelProto
    private const int ModelGraph = 7;
    private const int ModelTrainingInfo = 20;
    private const int ModelFunctions = 25;

    // TrainingInfoProto
    private const int TrainingInitialization = 1;
    private const int TrainingAlgorithm = 2;

    // FunctionProto
    private const int FunctionNode = 7;
    private const int FunctionAttributeProto = 11;

    // GraphProto
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphSparseInitializer = 15;

    // NodeProto
    private const int NodeAttribute = 5;

    // AttributeProto
    private const int AttributeTensor = 5;
    private const int AttributeGraph = 6;
    private const int AttributeTensors = 10;
    private const int AttributeGraphs = 11;
    private const int AttributeSparseTensor = 22;
    private const int AttributeSparseTensors = 23;

    // SparseTensorProto
    private const int SparseValues = 1;
    private const int SparseIndices = 2;

    // TensorProto
    private const int TensorName = 8;
    private const int TensorExternalData = 13;
    private const int TensorDataLocation = 14;
    private const ulong DataLocationExternal = 1;

    // StringStringEntryProto
    private const int EntryKey = 1;
    private const int EntryValue = 2;

    private enum Kind
    {
        Model,
        TrainingInfo,
        Function,
        Graph,
        Node,
        Attribute,
        SparseTensor,
        Tensor,
    }

    /// <summary>The external tensors of <paramref name="model"/>, in the order they appear.</summary>
    /// <exception cref="FormatException">The bytes are not well-formed protobuf (truncated, a bad wire type, nesting
    /// deeper than 64 messages); such bytes are refused rather than half-read.</exception>
    public static IReadOnlyList<ExternalTensor> Find(ReadOnlySpan<byte> model)
    {
        var found = new List<ExternalTensor>();
        Walk(model, Kind.Model, 0, found);
        return found;
    }

    private static void Walk(ReadOnlySpan<byte> message, Kind kind, int depth, List<ExternalTensor> found)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"messages nested deeper than {MaxDepth}");
        }

        if (kind == Kind.Tensor)
        {
            ReadTensor(message, found);
            return;
        }

        var reader = new WireReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (wireType == WireReader.LengthDelimited && Child(kind, field) is { } child)
            {
                Walk(reader.ReadBytes(), child, depth + 1, found);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static Kind? Child(Kind parent, int field) => (parent, field) switch
    {
        (Kind.Model, ModelGraph) => Kind.Graph,
        (Kind.Model, ModelTrainingInfo) => Kind.TrainingInfo,
        (Kind.Model, ModelFunctions) => Kind.Function,
        (Kind.TrainingInfo, TrainingInitialization or TrainingAlgorithm) => Kind.Graph,
        (Kind.Function, FunctionNode) => Kind.Node,
        (Kind.Function, FunctionAttributeProto) => Kind.Attribute,
        (Kind.Graph, GraphNode) => Kind.Node,
        (Kind.Graph, GraphInitializer) => Kind.Tensor,
        (Kind.Graph, GraphSparseInitializer) => Kind.SparseTensor,
        (Kind.Node, NodeAttribute) => Kind.Attribute,
        (Kind.Attribute, AttributeTensor or AttributeTensors) => Kind.Tensor,
        (Kind.Attribute, AttributeGraph or AttributeGraphs) => Kind.Graph,
        (Kind.Attribute, AttributeSparseTensor or AttributeSparseTensors) => Kind.SparseTensor,
        (Kind.SparseTensor, SparseValues or SparseIndices) => Kind.Tensor,
        _ => null,
    };

    private static void ReadTensor(ReadOnlySpan<byte> tensor, List<ExternalTensor> found)
    {
        var reader = new WireReader(tensor);
        var name = string.Empty;
        string? location = null;
        var external = false;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == TensorName && wireType == WireReader.LengthDelimited)
            {
                name = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (field == TensorDataLocation && wireType == WireReader.Varint)
            {
                // Last one wins, as protobuf parsers do.
                external = reader.ReadVarint() == DataLocationExternal;
            }
            else if (field == TensorExternalData && wireType == WireReader.LengthDelimited)
            {
                if (ReadLocation(reader.ReadBytes()) is { } value)
                {
                    location = value;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (external)
        {
            found.Add(new ExternalTensor(name, location));
        }
    }

    private static string? ReadLocation(ReadOnlySpan<byte> entry)
    {
        var reader = new WireReader(entry);
        var isLocation = false;
        string? value = null;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == EntryKey && wireType == WireReader.LengthDelimited)
            {
                isLocation = reader.ReadBytes().SequenceEqual("location"u8);
            }
            else if (field == EntryValue && wireType == WireReader.LengthDelimited)
            {
                value = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return isLocation ? value : null;
    }

    /// <summary>A forward reader of protobuf wire-format fields (https://protobuf.dev/programming-guides/encoding/).</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        public const int Varint = 0;
        public const int LengthDelimited = 2;
        private const int Fixed64 = 1;
        private const int StartGroup = 3;
        private const int EndGroup = 4;
        private const int Fixed32 = 5;

        private readonly ReadOnlySpan<byte> data = data;
        private int position;
        private int groups;

        public bool Next(out int field, out int wireType)
        {
            if (position >= data.Length)
            {
                field = 0;
                wireType = 0;
                return false;
            }

            var tag = ReadVarint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            if (field == 0 || tag >> 3 > int.MaxValue)
            {
                throw new FormatException($"invalid field number at byte {position}");
            }

            return true;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= data.Length)
                {
                    throw new FormatException("truncated varint");
                }

                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException($"varint longer than 10 bytes at byte {position}");
        }

        public ReadOnlySpan<byte> ReadBytes()
        {
            var length = ReadVarint();
            if (length > (ulong)(data.Length - position))
            {
                throw new FormatException($"field of {length} bytes overruns the message at byte {position}");
            }

            var bytes = data.Slice(position, (int)length);
            position += (int)length;
            return bytes;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case Varint:
                    ReadVarint();
                    break;
                case Fixed64:
                    Advance(8);
                    break;
                case LengthDelimited:
                    ReadBytes();
                    break;
                case Fixed32:
                    Advance(4);
                    break;
                case StartGroup:
                    SkipGroup();
                    break;
                default:
                    throw new FormatException($"unexpected wire type {wireType} at byte {position}");
            }
        }

        private void SkipGroup()
        {
            // A (deprecated) group: fields up to the matching end-group tag; nested groups recurse, to a bound.
            if (++groups > MaxDepth)
            {
                throw new FormatException($"groups nested deeper than {MaxDepth}");
            }

            while (Next(out _, out var wireType))
            {
                if (wireType == EndGroup)
                {
                    groups--;
                    return;
                }

                Skip(wireType);
            }

            throw new FormatException("unterminated group");
        }

        private void Advance(int count)
        {
            if (count > data.Length - position)
            {
                throw new FormatException($"truncated fixed-width field at byte {position}");
            }

            position += count;
        }
    }
}
