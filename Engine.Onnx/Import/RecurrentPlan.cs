using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// A recurrent layer read from the graph: whether its sequence is used decides Keras' returnSequences, so the layer is
/// made last. A bidirectional operator is a Keras Bidirectional of two directions.
/// </summary>
internal sealed class RecurrentPlan(Func<bool, Layer> create, float[][] weights, int directions = 1) : LayerPlan
{
    /// <summary>1, or 2 for a bidirectional operator.</summary>
    public int Directions { get; } = directions;

    /// <summary>How a bidirectional layer's two directions are merged: "concat", "sum", "mul" or "ave", as the graph merges them.</summary>
    public string MergeMode { get; set; } = "concat";

    /// <summary>Whether a later node reads every step (else only the last step is used).</summary>
    public bool ReturnSequences { get; set; } = true;

    /// <summary>Whether any node read the layer's sequence output Y.</summary>
    public bool SequenceRead { get; set; }

    /// <inheritdoc />
    public override Layer Create() => create(ReturnSequences);

    /// <inheritdoc />
    public override IEnumerable<float[]> Weights() => weights;
}
