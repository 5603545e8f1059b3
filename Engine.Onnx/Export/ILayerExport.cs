using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes one kind of engine layer as ONNX nodes.</summary>
internal interface ILayerExport
{
    /// <summary>Whether this export writes <paramref name="layer"/>.</summary>
    bool Handles(Layer layer);

    /// <summary>Writes the layer reading the value <paramref name="input"/> (batch first) and returns its output value's name.</summary>
    string Write(Layer layer, string input, OnnxGraph graph);
}
