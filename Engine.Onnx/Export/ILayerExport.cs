using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes one kind of engine layer as ONNX nodes.</summary>
internal interface ILayerExport
{
    /// <summary>Whether this export writes <paramref name="layer"/>.</summary>
    bool Handles(Layer layer);

    /// <summary>Writes one call of the layer and returns its output values' names, as the call's outputs come (a recurrent layer with returnState: the output, then its final states).</summary>
    string[] Write(LayerCall call, OnnxGraph graph);
}
