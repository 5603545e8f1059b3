using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>A Dense read from <c>Gemm</c> or <c>MatMul</c> (+ <c>Add</c>), with the activation node that follows it.</summary>
internal sealed class DensePlan(int units, float[] kernel) : LayerPlan
{
    /// <summary>The bias (zeros until an Add or Gemm's C gives one).</summary>
    public float[] Bias { get; set; } = new float[units];

    /// <summary>Whether a bias was read (a second Add is another layer's business).</summary>
    public bool HasBias { get; set; }

    /// <summary>The activation applied after, linear until an activation node follows.</summary>
    public Activation Activation { get; set; } = Activation.Linear;

    /// <inheritdoc />
    public override Layer Create() => new Dense(units, Activation);

    /// <inheritdoc />
    public override IEnumerable<float[]> Weights() => [kernel, Bias];
}
