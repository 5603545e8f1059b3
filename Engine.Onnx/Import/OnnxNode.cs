using Onnx;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>A graph node as the import reads it: its attributes by name, and refusals that name the node and operator.</summary>
internal sealed class OnnxNode
{
    /// <summary>Wraps <paramref name="proto"/>; <paramref name="index"/> names an unnamed node.</summary>
    public OnnxNode(NodeProto proto, int index)
    {
        Proto = proto;
        Name = string.IsNullOrEmpty(proto.Name) ? $"#{index}" : proto.Name;
    }

    /// <summary>The node.</summary>
    public NodeProto Proto { get; }

    /// <summary>The node's name (or "#index").</summary>
    public string Name { get; }

    /// <summary>The operator.</summary>
    public string Op => Proto.OpType;

    /// <summary>Input <paramref name="i"/>'s value name, or "" when absent.</summary>
    public string Input(int i) => i < Proto.Input.Count ? Proto.Input[i] : "";

    /// <summary>An exception refusing this node, for <paramref name="attribute"/> if not null.</summary>
    public UnsupportedOnnxException Refuse(string? attribute, string reason) => new(Name, Op, attribute, reason);

    /// <summary>Refuses any attribute not in <paramref name="known"/>.</summary>
    public void AllowOnly(params string[] known)
    {
        foreach (var attribute in Proto.Attribute)
        {
            if (!known.Contains(attribute.Name)) throw Refuse(attribute.Name, "this attribute is not supported.");
        }
    }

    /// <summary>An int attribute, or <paramref name="fallback"/> when absent.</summary>
    public long Int(string name, long fallback) => Find(name) is { } a ? a.I : fallback;

    /// <summary>A float attribute, or <paramref name="fallback"/> when absent.</summary>
    public float Float(string name, float fallback) => Find(name) is { } a ? a.F : fallback;

    /// <summary>A string attribute, or <paramref name="fallback"/> when absent.</summary>
    public string String(string name, string fallback) => Find(name) is { } a ? a.S.ToStringUtf8() : fallback;

    /// <summary>An ints attribute, or null when absent.</summary>
    public long[]? Ints(string name) => Find(name)?.Ints.ToArray();

    /// <summary>A strings attribute, or null when absent.</summary>
    public string[]? Strings(string name) => Find(name)?.Strings.Select(s => s.ToStringUtf8()).ToArray();

    /// <summary>Whether the attribute is present.</summary>
    public bool Has(string name) => Find(name) is not null;

    private AttributeProto? Find(string name) => Proto.Attribute.FirstOrDefault(a => a.Name == name);
}
