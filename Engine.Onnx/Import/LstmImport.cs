using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>Reads an ONNX <c>LSTM</c> node (forward, no peepholes, no input_forget) as a Keras LSTM: gates i, o, f, c → i, f, c, o; bias Wb + Rb.</summary>
internal sealed class LstmImport : RecurrentImport
{
    // Input 7 holds the peephole weights, which a Keras LSTM has not.
    private const int Peepholes = 7;

    /// <inheritdoc />
    protected override string Op => "LSTM";

    /// <inheritdoc />
    protected override int StateCount => 2;

    /// <inheritdoc />
    protected override string[] OwnAttributes => ["input_forget"];

    /// <inheritdoc />
    protected override RecurrentPlan ReadLayer(OnnxNode node, GraphReader graph, int units, int features, bool goBackwards, int direction, int directions)
    {
        if (node.Int("input_forget", 0) != 0) throw node.Refuse("input_forget", "coupled input and forget gates are not supported.");
        if (node.Input(Peepholes).Length > 0) throw node.Refuse("P", "peephole weights are not supported.");
        var activations = ReadActivations(node, directions, "Sigmoid", "Tanh", "Tanh");
        if (activations[1] != activations[2])
            throw node.Refuse("activations", "different g and h are not supported: Keras uses one activation for the candidate and the output.");
        var weights = ReadWeights(node, graph, GateLayout.Lstm, units, features, direction);
        return new RecurrentPlan(
            returnSequences => new Lstm(units, activations[1], activations[0], useBias: weights.Length == 3, returnSequences: returnSequences, goBackwards: goBackwards),
            weights);
    }
}
