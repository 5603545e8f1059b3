using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>A RepeatVector read from <c>Unsqueeze</c> of (batch, features) into one step, and the <c>Expand</c> that repeats it.</summary>
internal sealed class RepeatVectorPlan : LayerPlan
{
    /// <summary>Repetitions: 1 after the Unsqueeze, n once an Expand follows.</summary>
    public int N { get; set; } = 1;

    /// <inheritdoc />
    public override Layer Create() => new RepeatVector(N);

    /// <inheritdoc />
    public override IEnumerable<float[]> Weights() => [];
}
