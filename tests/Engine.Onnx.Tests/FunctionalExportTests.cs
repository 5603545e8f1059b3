using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using Onnx;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>Exported functional models (several inputs and outputs, shared layers, initial states, nested models) run in ONNX Runtime as in the engine.</summary>
public sealed class FunctionalExportTests
{
    private const int Batch = 3;

    public static TheoryData<string> Models => new(FunctionalModels.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntimeAgreesWithTheEngine(string name)
    {
        var (model, calls, outputNames) = FunctionalModels.Create(name);
        var x = FunctionalModels.RandomInputs(model, Batch, seed: 5);
        var expected = model.Predict(x);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var outputs = session.Run(Inputs(model, x, calls, previous: null));

        for (int o = 0; o < expected.Count; o++) Agreement.Equal(expected[o].Span, outputs[outputNames[o]], $"{name} {outputNames[o]}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void StatefulStepsCarryTheExposedStates(string name)
    {
        var (model, calls, outputNames) = FunctionalModels.Create(name);
        var first = FunctionalModels.RandomInputs(model, Batch, seed: 7);
        var second = FunctionalModels.RandomInputs(model, Batch, seed: 8);
        var carry = model.CreateCarry(Batch);
        model.Advance(first, carry);
        var expected = model.Advance(second, carry);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var step1 = session.Run(Inputs(model, first, calls, previous: null));
        var step2 = session.Run(Inputs(model, second, calls, previous: step1));
        var fromZero = session.Run(Inputs(model, second, calls, previous: null));

        Assert.Equal(calls.Length, model.RecurrentLayers.Count);
        for (int o = 0; o < expected.Count; o++)
            Agreement.Equal(expected[o].Span, step2[outputNames[o]], $"{name} {outputNames[o]} at step 2");
        for (int l = 0; l < calls.Length; l++)
        {
            var states = ExportModels.States(model.RecurrentLayers[l]);
            for (int s = 0; s < states.Length; s++)
                Agreement.Equal(carry.Carries[l].States[s], step2[$"{calls[l]}/{states[s]}_out"], $"{calls[l]} {states[s]}");
        }
        // The state inputs must matter: the second step from zeros is another answer.
        Assert.True(Agreement.RelativeError(expected[0].Span, fromZero[outputNames[0]]) > 1e-3);
    }

    [Fact]
    public void SharedLayerWritesItsWeightsOnceForBothCalls()
    {
        var graph = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(FunctionalModels.Create("shared_layer").Model)).Graph;

        var grus = graph.Node.Where(n => n.OpType == "GRU").ToArray();
        Assert.Equal(["gru", "gru/call_1"], grus.Select(n => n.Name));
        Assert.Equal(grus[0].Input.Skip(1).Take(3), grus[1].Input.Skip(1).Take(3));
        var weights = graph.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Float).Select(i => i.Name);
        Assert.Equal(["gru/W", "gru/R", "gru/B", "dense/kernel", "dense/bias"], weights);
        Assert.Equal(["input_1", "input_2", "gru/h_in", "gru/call_1/h_in"], graph.Input.Select(i => i.Name));
    }

    [Fact]
    public void InitialStateFromTheGraphIsNoGraphInput()
    {
        var model = FunctionalModels.Create("encoder_decoder").Model;
        var graph = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model)).Graph;

        // The decoder starts from the encoder's states: only the encoder's are inputs; both layers' final states are outputs.
        Assert.Equal(["encoder_inputs", "decoder_inputs", "lstm/h_in", "lstm/c_in"], graph.Input.Select(i => i.Name));
        Assert.Equal(["lstm/h_out", "lstm/c_out", "lstm_1/h_out", "lstm_1/c_out", "output"], graph.Output.Select(o => o.Name));
        // The two open time axes are named apart, as the two sequences may differ in length.
        Assert.Equal(["encoder_inputs/timesteps", "decoder_inputs/timesteps"], graph.Input.Take(2).Select(i => i.Type.TensorType.Shape.Dim[1].DimParam));
    }

    [Fact]
    public void NestedModelsAreInlinedUnderTheirNames()
    {
        var graph = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(FunctionalModels.Create("nested").Model)).Graph;

        Assert.Equal(["input", "encoder/lstm/h_in", "encoder/lstm/c_in", "decoder/lstm/h_in", "decoder/lstm/c_in"], graph.Input.Select(i => i.Name));
        Assert.Contains(graph.Initializer, i => i.Name == "encoder/lstm/W");
        Assert.Contains(graph.Initializer, i => i.Name == "decoder/time_distributed/kernel");
        Assert.DoesNotContain(graph.Node, n => n.Name.StartsWith("model"));
    }

    [Fact]
    public void ModelCalledTwiceWritesItsWeightsOnce()
    {
        var graph = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(FunctionalModels.Create("shared_model").Model)).Graph;

        Assert.Equal(["encoder/lstm", "encoder/call_1/lstm"], graph.Node.Where(n => n.OpType == "LSTM").Select(n => n.Name));
        Assert.Single(graph.Initializer, i => i.Name.EndsWith("/W"));
    }

    [Fact]
    public void OutputListedTwiceIsRefused()
    {
        var x = new Layers.Input(3, 2);
        var y = new Layers.Lstm(2).Call(x);
        var model = new Model(x, [y, y]);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(model));

        Assert.Contains("second graph value named 'lstm'", error.Message);
    }

    // The model's inputs under their graph names, and each exposed state: zeros, or the previous run's final state.
    private static Dictionary<string, (float[] Data, int[] Shape)> Inputs(Model model, Tensor[] x, string[] calls, Dictionary<string, float[]>? previous)
    {
        var inputs = new Dictionary<string, (float[] Data, int[] Shape)>();
        for (int i = 0; i < x.Length; i++) inputs[x.Length == 1 ? "input" : model.Inputs[i].Name!] = (x[i].ToArray(), x[i].Shape.ToArray());
        for (int l = 0; l < calls.Length; l++)
        {
            var layer = model.RecurrentLayers[l];
            foreach (string state in ExportModels.States(layer))
                inputs[$"{calls[l]}/{state}_in"] = (previous?[$"{calls[l]}/{state}_out"] ?? new float[Batch * layer.Units], [Batch, layer.Units]);
        }
        return inputs;
    }
}
