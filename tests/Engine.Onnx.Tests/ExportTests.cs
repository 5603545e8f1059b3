using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

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

    [Fact]
    public void FinalStatesAreTheEngineCarry()
    {
        var model = ExportModels.Create("stacked");
        var x = ExportModels.RandomInput(model, 2, seed: 6);
        var carry = model.CreateCarry(2);
        model.Advance(x, carry);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var outputs = session.Run(ZeroStateInputs(model, x));

        for (int l = 0; l < model.LstmLayers.Count; l++)
        {
            string layer = model.LstmLayers[l].Name!;
            Agreement.Equal(carry.Layers[l].H, outputs[$"{layer}/h_out"], $"{layer} h");
            Agreement.Equal(carry.Layers[l].C, outputs[$"{layer}/c_out"], $"{layer} c");
        }
    }

    [Fact]
    public void StatefulStepsCarryTheStateOut()
    {
        var model = ExportModels.Create("stateful");
        int batch = model.Input!.BatchSize!.Value;
        var first = ExportModels.RandomInput(model, batch, seed: 7);
        var second = ExportModels.RandomInput(model, batch, seed: 8);
        var expectedFirst = model.Predict(first);
        var expectedSecond = model.Predict(second);

        using var session = new OnnxRuntimeSession(OnnxExport.ToBytes(model));
        var step1 = session.Run(ZeroStateInputs(model, first));
        var inputs = new Dictionary<string, (float[] Data, int[] Shape)> { ["input"] = (second.ToArray(), second.Shape.ToArray()) };
        foreach (var lstm in model.LstmLayers)
        {
            foreach (string state in new[] { "h", "c" })
                inputs[$"{lstm.Name}/{state}_in"] = (step1[$"{lstm.Name}/{state}_out"], [batch, lstm.Units]);
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

    private static Dictionary<string, (float[] Data, int[] Shape)> ZeroStateInputs(Sequential model, Tensor x)
    {
        int batch = x.Shape[0];
        var inputs = new Dictionary<string, (float[] Data, int[] Shape)> { ["input"] = (x.ToArray(), x.Shape.ToArray()) };
        foreach (var lstm in model.LstmLayers)
        {
            inputs[$"{lstm.Name}/h_in"] = (new float[batch * lstm.Units], [batch, lstm.Units]);
            inputs[$"{lstm.Name}/c_in"] = (new float[batch * lstm.Units], [batch, lstm.Units]);
        }
        return inputs;
    }
}
