using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>A layer read from the graph, kept until the graph is read through (a recurrent layer learns only later whether its sequence is used).</summary>
internal abstract class LayerPlan
{
    /// <summary>The engine layer.</summary>
    public abstract Layer Create();

    /// <summary>The weights in Keras layout, in the order of the layer's <see cref="Layer.Parameters"/>.</summary>
    public abstract IEnumerable<float[]> Weights();
}
