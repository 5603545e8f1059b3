using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Lstm"/> as an ONNX <c>LSTM</c> (forward, gates reordered to i, o, f, c).</summary>
internal sealed class LstmExport : RecurrentExport<Lstm>
{
    /// <inheritdoc />
    protected override string OpType => "LSTM";

    /// <inheritdoc />
    protected override string[] States => ["h", "c"];

    /// <inheritdoc />
    protected override int Units(Lstm layer) => layer.Units;

    /// <inheritdoc />
    protected override bool ReturnSequences(Lstm layer) => layer.ReturnSequences;

    /// <inheritdoc />
    protected override bool GoBackwards(Lstm layer) => layer.GoBackwards;

    /// <inheritdoc />
    protected override (string W, string R, string B) WriteWeights(Lstm layer, OnnxGraph graph)
    {
        var weights = layer.Weights;
        int units = layer.Units, features = weights.InputSize, gates = GateLayout.Lstm.Gates;
        string w = graph.AddWeight($"{layer.Name}/W", GateLayout.Lstm.ToOnnx(weights.Kernel, features, units), 1, gates * units, features);
        string r = graph.AddWeight($"{layer.Name}/R", GateLayout.Lstm.ToOnnx(weights.RecurrentKernel, units, units), 1, gates * units, units);
        string b = layer.UseBias ? graph.AddWeight($"{layer.Name}/B", GateLayout.Lstm.BiasToOnnx(weights.Bias, units), 1, 2 * gates * units) : "";
        return (w, r, b);
    }

    /// <inheritdoc />
    protected override IEnumerable<AttributeProto> Attributes(Lstm layer)
    {
        // ONNX's three activations are f (gates), g (candidate) and h (cell on output): Keras' recurrent activation and twice its activation.
        string gate = ActivationName(layer, layer.RecurrentActivation), cell = ActivationName(layer, layer.Activation);
        yield return OnnxGraph.Strings("activations", gate, cell, cell);
    }

    private static string ActivationName(Lstm layer, Activation activation) =>
        OnnxActivations.Name(activation)
        ?? throw new NotSupportedException(
            $"Layer '{layer.Name}' (LSTM): activation '{ActivationFunctions.KerasName(activation)}' has no ONNX LSTM equivalent without parameters.");
}
