using LstmActors.Engine.Activations;
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
    protected override RecurrentPlan ReadLayer(OnnxNode node, GraphReader graph, int units, int features, bool goBackwards)
    {
        if (node.Int("input_forget", 0) != 0) throw node.Refuse("input_forget", "coupled input and forget gates are not supported.");
        if (node.Input(Peepholes).Length > 0) throw node.Refuse("P", "peephole weights are not supported.");
        var names = node.Strings("activations") ?? ["Sigmoid", "Tanh", "Tanh"];
        if (names.Length != 3 || names[1] != names[2])
            throw node.Refuse("activations", $"[{string.Join(", ", names)}] is not supported: Keras uses one activation for the candidate and the output (g = h).");
        Activation gate = Parse(node, names[0]), cell = Parse(node, names[1]);
        var layout = GateLayout.Lstm;
        var kernel = layout.ToKeras(TensorData.Floats(graph.Constant(node, 1)), features, units);
        var recurrent = layout.ToKeras(TensorData.Floats(graph.Constant(node, 2)), units, units);
        bool useBias = node.Input(3).Length > 0;
        float[][] weights = useBias ? [kernel, recurrent, layout.BiasToKeras(TensorData.Floats(graph.Constant(node, 3)), units)] : [kernel, recurrent];
        return new RecurrentPlan(
            returnSequences => new Lstm(units, cell, gate, useBias: useBias, returnSequences: returnSequences, goBackwards: goBackwards), weights);
    }

    private static Activation Parse(OnnxNode node, string name) =>
        OnnxActivations.Parse(name) ?? throw node.Refuse("activations", $"{name} is not supported (Tanh, Sigmoid, Relu, HardSigmoid are).");
}
