using Google.Protobuf;
using Rollouts.ModelBuilder.Onnx.Proto;

namespace Rollouts.ModelBuilder.Onnx;

/// <summary>
/// Builds a single-graph ONNX model (IR version 8) and serialises it to bytes ready for ONNX Runtime.
/// Nodes must be added in topological order (an input must be a graph input, an initializer or the output
/// of an earlier node); <see cref="ToModelBytes"/> checks this and throws <see cref="InvalidOperationException"/>
/// with the offending name. Serialisation is deterministic: the same calls give the same bytes.
/// </summary>
/// <example>
/// <code>
/// byte[] model = new OnnxGraphBuilder("double")
///     .AddInput("x", OnnxDataType.Float, -1, 4)
///     .AddOutput("y", OnnxDataType.Float, -1, 4)
///     .AddInitializer("two", [2f])
///     .AddNode("Mul", ["x", "two"], ["y"])
///     .ToModelBytes();
/// </code>
/// </example>
/// <param name="graphName">The graph's name (<c>GraphProto.name</c>).</param>
public sealed class OnnxGraphBuilder(string graphName)
{
    /// <summary>IR version written to <c>ModelProto.ir_version</c> (8 = ONNX 1.10+, supported by ONNX Runtime 1.10+).</summary>
    public const long IrVersion = 8;

    /// <summary>The ONNX-ML operator set domain (ZipMap, LabelEncoder, tree ensembles...).</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly SortedDictionary<string, long> _extraOpsets = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Value)> _metadata = [];

    /// <summary>Adds a graph input tensor. A dim of -1 is symbolic: "N" for the first axis, "d{axis}" for others.</summary>
    public OnnxGraphBuilder AddInput(string name, OnnxDataType type, params long[] dims)
    {
        _graph.Input.Add(ValueInfo(name, TensorType(type, dims)));
        return this;
    }

    /// <summary>Adds a graph output tensor; dims as for <see cref="AddInput"/>.</summary>
    public OnnxGraphBuilder AddOutput(string name, OnnxDataType type, params long[] dims)
    {
        _graph.Output.Add(ValueInfo(name, TensorType(type, dims)));
        return this;
    }

    /// <summary>
    /// Adds a graph output of type <c>seq(map(keyType, tensor(valueType)))</c>, as written by ONNX-ML's ZipMap
    /// (e.g. key Int64 or String, value Float).
    /// </summary>
    public OnnxGraphBuilder AddSequenceOfMapsOutput(string name, OnnxDataType keyType, OnnxDataType valueType)
    {
        var map = new TypeProto.Types.Map { KeyType = (int)keyType, ValueType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)valueType } } };
        var sequence = new TypeProto.Types.Sequence { ElemType = new TypeProto { MapType = map } };
        _graph.Output.Add(ValueInfo(name, new TypeProto { SequenceType = sequence }));
        return this;
    }

    /// <summary>Adds a node of the default ONNX domain, e.g. <c>AddNode("ArgMax", ["p"], ["label"], OnnxAttribute.Int("axis", 1))</c>.</summary>
    /// <param name="opType">Operator name from the ONNX operator set (e.g. "MatMul", "Softmax").</param>
    /// <param name="inputs">Input value names in operator order; "" marks an omitted optional input.</param>
    /// <param name="outputs">Output value names.</param>
    /// <param name="attributes">Node attributes.</param>
    public OnnxGraphBuilder AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes) =>
        AddNodeInDomain(string.Empty, opType, inputs, outputs, attributes);

    /// <summary>
    /// Adds a node of another operator set domain (e.g. <see cref="MlDomain"/>); the domain must be imported with
    /// <see cref="ImportOpset"/>.
    /// </summary>
    public OnnxGraphBuilder AddNodeInDomain(string domain, string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        if (domain.Length > 0)
        {
            node.Domain = domain;
        }

        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes.Select(a => a.ToProto()));
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Imports an operator set besides the default domain, e.g. <c>ImportOpset(MlDomain, 3)</c>.</summary>
    public OnnxGraphBuilder ImportOpset(string domain, long version)
    {
        _extraOpsets[domain] = version;
        return this;
    }

    /// <summary>Adds a float initializer (a constant tensor); dims default to a 1-D tensor of the data's length.</summary>
    public OnnxGraphBuilder AddInitializer(string name, float[] data, params long[] dims) =>
        AddInitializer(name, OnnxTensor.FromFloats(data, DefaultDims(data.Length, dims)));

    /// <summary>Adds an int64 initializer; dims default to a 1-D tensor of the data's length.</summary>
    public OnnxGraphBuilder AddInitializer(string name, long[] data, params long[] dims) =>
        AddInitializer(name, OnnxTensor.FromInt64s(data, DefaultDims(data.Length, dims)));

    /// <summary>Adds an int32 initializer; dims default to a 1-D tensor of the data's length.</summary>
    public OnnxGraphBuilder AddInitializer(string name, int[] data, params long[] dims) =>
        AddInitializer(name, OnnxTensor.FromInt32s(data, DefaultDims(data.Length, dims)));

    /// <summary>Adds an initializer of any type (see <see cref="OnnxTensor"/>'s factories).</summary>
    public OnnxGraphBuilder AddInitializer(string name, OnnxTensor tensor)
    {
        _graph.Initializer.Add(tensor.ToProto(name));
        return this;
    }

    /// <summary>Adds a <c>metadata_props</c> entry (visible through ONNX Runtime's model metadata).</summary>
    public OnnxGraphBuilder AddMetadata(string key, string value)
    {
        _metadata.Add((key, value));
        return this;
    }

    /// <summary>
    /// Serialises the model: IR version <see cref="IrVersion"/>, default-domain opset <paramref name="opsetVersion"/>
    /// plus any imported domains, producer "Rollouts.ModelBuilder".
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A node input that nothing defines, a graph output that nothing produces, a name defined twice,
    /// or a node domain that is not imported.
    /// </exception>
    public byte[] ToModelBytes(long opsetVersion = 17)
    {
        Validate();
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Rollouts.ModelBuilder",
            ProducerVersion = "1",
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opsetVersion });
        model.OpsetImport.AddRange(_extraOpsets.Select(o => new OperatorSetIdProto { Domain = o.Key, Version = o.Value }));
        model.MetadataProps.AddRange(_metadata.Select(m => new StringStringEntryProto { Key = m.Key, Value = m.Value }));
        return model.ToByteArray();
    }

    private void Validate()
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        void Define(string name, string what)
        {
            if (!defined.Add(name))
            {
                throw new InvalidOperationException($"Graph '{_graph.Name}': value '{name}' ({what}) is defined twice.");
            }
        }

        foreach (var input in _graph.Input)
        {
            Define(input.Name, "graph input");
        }

        foreach (var initializer in _graph.Initializer)
        {
            Define(initializer.Name, "initializer");
        }

        foreach (var node in _graph.Node)
        {
            if (node.HasDomain && !_extraOpsets.ContainsKey(node.Domain))
            {
                throw new InvalidOperationException($"Graph '{_graph.Name}': node {node.Name} uses domain '{node.Domain}', which is not imported (call ImportOpset).");
            }

            foreach (var input in node.Input.Where(i => i.Length > 0 && !defined.Contains(i)))
            {
                throw new InvalidOperationException($"Graph '{_graph.Name}': node {node.Name} reads '{input}', which no input, initializer or earlier node defines.");
            }

            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                Define(output, $"output of {node.Name}");
            }
        }

        foreach (var output in _graph.Output.Where(o => !defined.Contains(o.Name)))
        {
            throw new InvalidOperationException($"Graph '{_graph.Name}': graph output '{output.Name}' is not produced by any node, input or initializer.");
        }
    }

    private static long[] DefaultDims(int length, long[] dims) => dims.Length == 0 ? [length] : dims;

    private static ValueInfoProto ValueInfo(string name, TypeProto type) => new() { Name = name, Type = type };

    private static TypeProto TensorType(OnnxDataType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        for (int axis = 0; axis < dims.Length; axis++)
        {
            long dim = dims[axis];
            if (dim < -1)
            {
                throw new ArgumentException($"Dimension {dim} at axis {axis} is invalid: use a size >= 0 or -1 for a symbolic size.", nameof(dims));
            }

            shape.Dim.Add(dim == -1
                ? new TensorShapeProto.Types.Dimension { DimParam = axis == 0 ? "N" : $"d{axis}" }
                : new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } };
    }
}
