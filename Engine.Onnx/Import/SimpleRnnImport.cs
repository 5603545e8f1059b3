using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>Reads an ONNX <c>RNN</c> node (forward, one activation) as a Keras SimpleRNN; bias Wb + Rb.</summary>
internal sealed class SimpleRnnImport : RecurrentImport
{
    /// <inheritdoc />
    protected override string Op => "RNN";

    /// <inheritdoc />
    protected override int StateCount => 1;

    /// <inheritdoc />
    protected override string[] OwnAttributes => [];

    /// <inheritdoc />
    protected override RecurrentPlan ReadLayer(OnnxNode node, GraphReader graph, int units, int features, bool goBackwards, int direction, int directions)
    {
        var activation = ReadActivations(node, directions, "Tanh")[0];
        var weights = ReadWeights(node, graph, GateLayout.Rnn, units, features, direction);
        return new RecurrentPlan(
            returnSequences => new SimpleRnn(units, activation, useBias: weights.Length == 3, returnSequences: returnSequences, goBackwards: goBackwards),
            weights);
    }
}
