namespace LstmActors.Engine.Onnx.Import;

/// <summary>Reads the nodes of some operators that sit on the model's data path.</summary>
internal interface INodeImport
{
    /// <summary>The operators read.</summary>
    IReadOnlyList<string> Ops { get; }

    /// <summary>Reads <paramref name="node"/>, taking its data input from <paramref name="graph"/> and putting its outputs back.</summary>
    void Read(OnnxNode node, GraphReader graph);
}
