namespace LstmActors.Engine.Onnx.Import;

/// <summary>A recurrent layer read from the graph: whether its sequence is used decides Keras' returnSequences.</summary>
internal abstract class RecurrentPlan : LayerPlan
{
    /// <summary>Whether a later node reads every step (else only the last step is used).</summary>
    public bool ReturnSequences { get; set; } = true;

    /// <summary>Whether any node read the layer's sequence output Y.</summary>
    public bool SequenceRead { get; set; }
}
