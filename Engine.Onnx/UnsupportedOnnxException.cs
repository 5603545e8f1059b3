namespace LstmActors.Engine.Onnx;

/// <summary>An ONNX file the import cannot turn into an engine model: names the node, its operator and, when it is one, the attribute.</summary>
public sealed class UnsupportedOnnxException : NotSupportedException
{
    /// <summary>Refuses node <paramref name="node"/> of operator <paramref name="op"/>, because of <paramref name="attribute"/> if not null.</summary>
    public UnsupportedOnnxException(string node, string op, string? attribute, string reason)
        : base(attribute is null ? $"ONNX node '{node}' ({op}): {reason}" : $"ONNX node '{node}' ({op}), attribute '{attribute}': {reason}")
    {
        Node = node;
        Op = op;
        Attribute = attribute;
    }

    /// <summary>The node's name.</summary>
    public string Node { get; }

    /// <summary>The node's operator.</summary>
    public string Op { get; }

    /// <summary>The attribute (or input, such as "P") refused, or null when the operator or the graph's shape is the reason.</summary>
    public string? Attribute { get; }
}
