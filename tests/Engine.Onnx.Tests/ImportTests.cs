using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>Files exported by PyTorch's torch.onnx.export import into engine models that give PyTorch's outputs.</summary>
public sealed class ImportTests
{
    [Theory]
    [InlineData("lstm_linear")]
    [InlineData("lstm2_mlp")]
    [InlineData("lstm_every_step")]
    [InlineData("lstm2_h_last")]
    public void ImportedModelGivesPyTorchOutputs(string name)
    {
        var file = PyTorchFile.Read(name);
        var model = OnnxImport.Load(file.Path);

        var y = model.Predict(file.Inputs["x"]);

        Assert.Equal(file.Outputs["y"].Shape, y.Shape);
        Agreement.Equal(file.Outputs["y"].Span, y.Span, name);
    }

    [Fact]
    public void StackedLstmWithHeadBecomesKerasLayers()
    {
        var model = OnnxImport.Load(PyTorchFile.Read("lstm2_mlp").Path);

        Assert.Collection(model.Layers,
            l => Assert.True(l is Lstm { Units: 6, ReturnSequences: true }),
            l => Assert.True(l is Lstm { Units: 6, ReturnSequences: false }),
            l => Assert.True(l is Dense { Units: 4, Activation: Activation.Relu }),
            l => Assert.True(l is Dense { Units: 1, Activation: Activation.Sigmoid }));
        Assert.Equal([4, 3], model.Input!.Shape);
    }

    [Fact]
    public void FinalHiddenStateHeadMakesTheLastLstmReturnItsLastStep()
    {
        var model = OnnxImport.Load(PyTorchFile.Read("lstm2_h_last").Path);

        Assert.Collection(model.Layers,
            l => Assert.True(l is Lstm { Units: 5, ReturnSequences: true, UseBias: false }),
            l => Assert.True(l is Lstm { Units: 5, ReturnSequences: false, UseBias: false }),
            l => Assert.True(l is Dense { Units: 2, Activation: Activation.Tanh }));
        Assert.Equal([Input.AnyLength, 3], model.Input!.Shape);
    }

    [Fact]
    public void StateInputsAreTheCarry()
    {
        var file = PyTorchFile.Read("lstm2_state");
        var model = OnnxImport.Load(file.Path);
        var x = file.Inputs["x"];
        int batch = x.Shape[0];
        var carry = model.CreateCarry(batch);
        for (int l = 0; l < carry.Layers.Count; l++)
        {
            int size = batch * carry.Layers[l].Units;
            file.Inputs["h0"].Span.Slice(l * size, size).CopyTo(carry.Layers[l].H);
            file.Inputs["c0"].Span.Slice(l * size, size).CopyTo(carry.Layers[l].C);
        }

        var y = model.Advance(x, carry);

        Agreement.Equal(file.Outputs["y"].Span, y.Span, "y");
        var h = carry.Layers.SelectMany(c => c.H).ToArray();
        var c = carry.Layers.SelectMany(c => c.C).ToArray();
        Agreement.Equal(file.Outputs["h"].Span, h, "h");
        Agreement.Equal(file.Outputs["c"].Span, c, "c");
    }
}
