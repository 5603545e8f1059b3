using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Reads an ONNX <c>GRU</c> node (forward) as a Keras GRU: gates z, r, h in both; linear_before_reset=1 is Keras resetAfter,
/// whose (2, 3H) bias is Wb and Rb as they are, else the bias is Wb + Rb. PyTorch's nn.GRU exports as linear_before_reset=1.
/// </summary>
internal sealed class GruImport : RecurrentImport
{
    /// <inheritdoc />
    protected override string Op => "GRU";

    /// <inheritdoc />
    protected override int StateCount => 1;

    /// <inheritdoc />
    protected override string[] OwnAttributes => ["linear_before_reset"];

    /// <inheritdoc />
    protected override RecurrentPlan ReadLayer(OnnxNode node, GraphReader graph, int units, int features, bool goBackwards, int direction, int directions)
    {
        bool resetAfter = node.Int("linear_before_reset", 0) != 0;
        var activations = ReadActivations(node, directions, "Sigmoid", "Tanh");
        var weights = ReadWeights(node, graph, GateLayout.Gru, units, features, direction, separateBiasRows: resetAfter);
        return new RecurrentPlan(
            returnSequences => new Gru(units, activations[1], activations[0], useBias: weights.Length == 3, returnSequences: returnSequences,
                goBackwards: goBackwards, resetAfter: resetAfter),
            weights);
    }
}
