using Google.Protobuf;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>An ONNX graph being written: nodes, weights (initializers), inputs and outputs, with unique value names.</summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, int> _nameCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<(object Owner, string Part), string> _layerWeights = [];

    /// <summary>
    /// A graph whose inputs and outputs have batch size <paramref name="batch"/> (null: any, the symbolic "batch") and whose
    /// open time axes are the symbolic <paramref name="timesteps"/> (null: unnamed, when several inputs may differ in length).
    /// </summary>
    public OnnxGraph(int? batch, string? timesteps = "timesteps")
    {
        Batch = batch;
        Timesteps = timesteps;
    }

    /// <summary>The batch size of every graph input and output, or null for any.</summary>
    public int? Batch { get; }

    /// <summary>The symbolic name of an open time axis, or null for an unnamed one.</summary>
    public string? Timesteps { get; }

    /// <summary>The graph proto being filled.</summary>
    public GraphProto Proto { get; } = new();

    /// <summary>A value name not used yet, from <paramref name="stem"/> ("lstm/W", "lstm/W_1", …).</summary>
    public string UniqueName(string stem)
    {
        int count = _nameCounts.GetValueOrDefault(stem);
        _nameCounts[stem] = count + 1;
        return count == 0 ? stem : $"{stem}_{count}";
    }

    /// <summary>Adds a float32 weight and returns its name.</summary>
    public string AddWeight(string stem, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = UniqueName(stem), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by the ONNX spec, as the float[] is on the x64 and arm64 targets.
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>
    /// Weight <paramref name="part"/> of <paramref name="owner"/> (a layer), added as "&lt;layerName&gt;/&lt;part&gt;" on first
    /// use and the same initializer after: a layer called twice has its weights once.
    /// </summary>
    public string LayerWeight(object owner, string layerName, string part, Func<float[]> values, params long[] dims)
    {
        if (!_layerWeights.TryGetValue((owner, part), out string? name))
            _layerWeights[(owner, part)] = name = AddWeight($"{layerName}/{part}", values(), dims);
        return name;
    }

    /// <summary>Adds an int64 constant (axes, shapes, slice bounds) and returns its name.</summary>
    public string AddInt64s(string stem, params long[] values)
    {
        var tensor = new TensorProto { Name = UniqueName(stem), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 scalar (a Gather index that removes its axis) and returns its name.</summary>
    public string AddInt64Scalar(string stem, long value)
    {
        var tensor = new TensorProto { Name = UniqueName(stem), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string AddNode(string op, string name, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        AddNode(op, name, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs (named after the node) and returns their names.</summary>
    public string[] AddNode(string op, string name, IEnumerable<string> inputs, int outputCount, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = UniqueName(name) };
        node.Input.AddRange(inputs);
        var outputs = Enumerable.Range(0, outputCount).Select(i => UniqueName($"{node.Name}:{i}")).ToArray();
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return outputs;
    }

    /// <summary>
    /// Declares a float32 graph input of (batch, …<paramref name="shape"/>); <see cref="Layers.Input.AnyLength"/> is the
    /// symbolic <paramref name="timesteps"/>, or <see cref="Timesteps"/> when null.
    /// </summary>
    public void AddInput(string name, IReadOnlyList<int> shape, string? timesteps = null) => Proto.Input.Add(Value(name, shape, timesteps ?? Timesteps));

    /// <summary>Declares a float32 graph output of (batch, …<paramref name="shape"/>) holding <paramref name="value"/> (copied by an Identity under the output's name).</summary>
    public void AddOutput(string name, string value, IReadOnlyList<int> shape)
    {
        var node = new NodeProto { OpType = "Identity", Name = UniqueName(name) };
        node.Input.Add(value);
        node.Output.Add(name);
        Proto.Node.Add(node);
        Proto.Output.Add(Value(name, shape, Timesteps));
    }

    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An ints attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A strings attribute.</summary>
    public static AttributeProto Strings(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    private ValueInfoProto Value(string name, IReadOnlyList<int> shapeWithoutBatch, string? timesteps)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(Batch is int b ? new TensorShapeProto.Types.Dimension { DimValue = b } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (int d in shapeWithoutBatch)
        {
            shape.Dim.Add(d != Layers.Input.AnyLength ? new TensorShapeProto.Types.Dimension { DimValue = d }
                : timesteps is null ? new TensorShapeProto.Types.Dimension()
                : new TensorShapeProto.Types.Dimension { DimParam = timesteps });
        }
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
