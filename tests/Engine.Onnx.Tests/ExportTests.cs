using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using Onnx;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>Exported models run in ONNX Runtime and give the engine's outputs and final states.</summary>
public sealed class ExportTests
{
    public static TheoryData<string> Models => new(ExportModels.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntimeAgreesWithTheEngine(string name)
    {
        var model = ExportModels.Create(name);
        int batch = model.Input!.BatchSize ?? 3;
        var x = ExportModels.RandomInput(model, batch, seed: 5);
        var expected = model.Predict(x);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var outputs = session.Run(ZeroStateInputs(model, x));

        Agreement.Equal(expected.Span, outputs["output"], $"{name} output");
    }

    [Theory]
    [InlineData("stacked")]
    [InlineData("mixed")]
    [InlineData("bidirectional")]
    public void FinalStatesAreTheEngineCarry(string name)
    {
        var model = ExportModels.Create(name);
        var x = ExportModels.RandomInput(model, 2, seed: 6);
        var carry = model.CreateCarry(2);
        model.Advance(x, carry);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var outputs = session.Run(ZeroStateInputs(model, x));

        for (int l = 0; l < model.RecurrentLayers.Count; l++)
        {
            var layer = model.RecurrentLayers[l];
            var states = ExportModels.States(layer);
            for (int s = 0; s < states.Length; s++)
                Agreement.Equal(carry.Carries[l].States[s], outputs[$"{layer.Name}/{states[s]}_out"], $"{layer.Name} {states[s]}");
        }
    }

    [Theory]
    [InlineData("stateful")]
    [InlineData("stateful_mixed")]
    public void StatefulStepsCarryTheStateOut(string name)
    {
        var model = ExportModels.Create(name);
        int batch = model.Input!.BatchSize!.Value;
        var first = ExportModels.RandomInput(model, batch, seed: 7);
        var second = ExportModels.RandomInput(model, batch, seed: 8);
        var expectedFirst = model.Predict(first);
        var expectedSecond = model.Predict(second);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var step1 = session.Run(ZeroStateInputs(model, first));
        var inputs = new Dictionary<string, (float[] Data, int[] Shape)> { ["input"] = (second.ToArray(), second.Shape.ToArray()) };
        foreach (var layer in model.RecurrentLayers)
        {
            foreach (string state in ExportModels.States(layer))
                inputs[$"{layer.Name}/{state}_in"] = (step1[$"{layer.Name}/{state}_out"], [batch, layer.Units]);
        }
        var step2 = session.Run(inputs);
        var fromZero = session.Run(ZeroStateInputs(model, second));

        Agreement.Equal(expectedFirst.Span, step1["output"], "step 1");
        Agreement.Equal(expectedSecond.Span, step2["output"], "step 2 from step 1's state");
        // The state input must matter: the second step from zeros is another answer.
        Assert.True(Agreement.RelativeError(expectedSecond.Span, fromZero["output"]) > 1e-3);
    }

    [Fact]
    public void AnyLengthInputRunsAtEveryLength()
    {
        var model = ExportModels.Create("any_length");
        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        foreach (int steps in new[] { 1, 4, 9 })
        {
            var x = ExportModels.RandomInput(model, 2, seed: steps, steps: steps);
            var outputs = session.Run(ZeroStateInputs(model, x));
            Agreement.Equal(model.Predict(x).Span, outputs["output"], $"{steps} steps");
        }
    }

    [Fact]
    public void GraphDeclaresInputOutputAndStatePerLstm()
    {
        var model = ExportModels.Create("stacked");
        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));

        Assert.Equal(["input", "lstm/h_in", "lstm/c_in", "lstm_1/h_in", "lstm_1/c_in"], session.InputNames);
        Assert.Equal(["lstm/h_out", "lstm/c_out", "lstm_1/h_out", "lstm_1/c_out", "output"], session.OutputNames);
    }

    [Fact]
    public void GruDeclaresOneStateAndItsResetMode()
    {
        var model = ExportModels.Create("mixed");
        var graph = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model)).Graph;
        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));

        Assert.Equal(["input", "lstm/h_in", "lstm/c_in", "gru/h_in", "simple_rnn/h_in"], session.InputNames);
        var gru = graph.Node.Single(n => n.OpType == "GRU");
        Assert.Equal(1, gru.Attribute.Single(a => a.Name == "linear_before_reset").I);
        Assert.Equal(["Sigmoid", "Tanh"], gru.Attribute.Single(a => a.Name == "activations").Strings.Select(v => v.ToStringUtf8()));
    }

    [Fact]
    public void BidirectionalIsOneOperatorWithBothDirections()
    {
        var graph = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(ExportModels.Create("bidirectional"))).Graph;

        var lstm = graph.Node.Single(n => n.OpType == "LSTM");
        Assert.Equal("bidirectional", lstm.Attribute.Single(a => a.Name == "direction").S.ToStringUtf8());
        Assert.Equal(6, lstm.Attribute.Single(a => a.Name == "activations").Strings.Count);
        Assert.Contains(graph.Input, i => i.Name == "bidirectional_1/backward_c_in");
    }

    [Fact]
    public void SavedFileIsTheModel()
    {
        var model = ExportModels.Create("many_to_one");
        string path = Path.Combine(Path.GetTempPath(), $"engine-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(model, path);
            Assert.Equal(OnnxExport.ToBytes(model), File.ReadAllBytes(path));
            Assert.Equal(model.GetWeights(), OnnxImport.Load(path).GetWeights());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnbuiltModelIsRefused()
    {
        var model = new Sequential();
        model.Add(new Lstm(3));
        var error = Assert.Throws<InvalidOperationException>(() => OnnxExport.ToBytes(model));
        Assert.Contains("not built", error.Message);
    }

    [Fact]
    public void LinearLstmActivationIsRefusedNamingTheLayer()
    {
        var model = new Sequential();
        model.Add(new Input(3, 2)).Add(new Lstm(4, activation: "linear"));

        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(model));

        Assert.Contains("Layer 'lstm' (LSTM): activation 'linear'", error.Message);
    }

    [Fact]
    public void BidirectionalAroundGoBackwardsIsRefusedNamingTheLayer()
    {
        var model = new Sequential();
        model.Add(new Input(3, 2)).Add(new Bidirectional(new SimpleRnn(4, goBackwards: true)));

        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(model));

        Assert.Contains("Layer 'bidirectional' (Bidirectional): a wrapped layer with goBackwards", error.Message);
    }

    private static Dictionary<string, (float[] Data, int[] Shape)> ZeroStateInputs(Sequential model, Tensor x)
    {
        int batch = x.Shape[0];
        var inputs = new Dictionary<string, (float[] Data, int[] Shape)> { ["input"] = (x.ToArray(), x.Shape.ToArray()) };
        foreach (var layer in model.RecurrentLayers)
        {
            foreach (string state in ExportModels.States(layer))
                inputs[$"{layer.Name}/{state}_in"] = (new float[batch * layer.Units], [batch, layer.Units]);
        }
        return inputs;
    }
}
