using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>An LSTM read from an ONNX <c>LSTM</c> node, weights already in Keras layout.</summary>
internal sealed class LstmPlan(int units, Activation activation, Activation recurrentActivation, float[] kernel, float[] recurrentKernel, float[] bias)
    : RecurrentPlan
{
    /// <inheritdoc />
    public override Layer Create() =>
        new Lstm(units, activation, recurrentActivation, unitForgetBias: false, returnSequences: ReturnSequences);

    /// <inheritdoc />
    public override IEnumerable<float[]> Weights() => [kernel, recurrentKernel, bias];
}
