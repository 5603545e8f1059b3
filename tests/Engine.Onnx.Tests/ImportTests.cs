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
    [InlineData("gru_linear")]
    [InlineData("gru2_every_step")]
    [InlineData("rnn_linear")]
    [InlineData("rnn2_relu")]
    [InlineData("lstm_bidirectional_every_step")]
    [InlineData("gru2_bidirectional_every_step")]
    [InlineData("bidirectional_then_lstm")]
    [InlineData("lstm_bidirectional_h_n")]
    [InlineData("gru2_bidirectional_h_n")]
    [InlineData("lstm2_bidirectional_h_n")]
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
    public void PyTorchGruIsAResetAfterGru()
    {
        var model = OnnxImport.Load(PyTorchFile.Read("gru2_every_step").Path);

        Assert.Collection(model.Layers,
            l => Assert.True(l is Gru { Units: 4, ReturnSequences: true, ResetAfter: true, Activation: Activation.Tanh, RecurrentActivation: Activation.Sigmoid }),
            l => Assert.True(l is Gru { Units: 4, ReturnSequences: true, ResetAfter: true }),
            l => Assert.True(l is Dense { Units: 2 }));
    }

    [Fact]
    public void PyTorchReluRnnIsAReluSimpleRnn()
    {
        var model = OnnxImport.Load(PyTorchFile.Read("rnn2_relu").Path);

        Assert.Collection(model.Layers,
            l => Assert.True(l is SimpleRnn { Units: 4, ReturnSequences: true, Activation: Activation.Relu }),
            l => Assert.True(l is SimpleRnn { Units: 4, ReturnSequences: false, Activation: Activation.Relu }),
            l => Assert.True(l is Dense { Units: 2 }));
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
    public void BidirectionalFinalStatesAreAKerasBidirectionalLastStep()
    {
        // torch.cat([h[-2], h[-1]], dim=1): the last layer's forward and backward final h, Keras' Bidirectional (concat) without return_sequences.
        var model = OnnxImport.Load(PyTorchFile.Read("gru2_bidirectional_h_n").Path);

        Assert.Collection(model.Layers,
            l => Assert.True(l is Bidirectional { MergeMode: "concat", ReturnSequences: true, ForwardLayer: Gru { Units: 4, ResetAfter: true } }),
            l => Assert.True(l is Bidirectional { MergeMode: "concat", ReturnSequences: false, ForwardLayer: Gru { Units: 4 } }),
            l => Assert.True(l is Dense { Units: 2 }));
    }

    [Theory]
    [InlineData("lstm2_state", "h", "c")]
    [InlineData("gru2_state", "h")]
    public void StateInputsAreTheCarry(string name, params string[] states)
    {
        var file = PyTorchFile.Read(name);
        var model = OnnxImport.Load(file.Path);
        var x = file.Inputs["x"];
        int batch = x.Shape[0];
        var carry = model.CreateCarry(batch);
        for (int l = 0; l < carry.Carries.Count; l++)
        {
            int size = batch * carry.Carries[l].Units;
            for (int s = 0; s < states.Length; s++)
                file.Inputs[$"{states[s]}0"].Span.Slice(l * size, size).CopyTo(carry.Carries[l].States[s]);
        }

        var y = model.Advance(x, carry);

        Agreement.Equal(file.Outputs["y"].Span, y.Span, "y");
        for (int s = 0; s < states.Length; s++)
            Agreement.Equal(file.Outputs[states[s]].Span, carry.Carries.SelectMany(c => c.States[s]).ToArray(), states[s]);
    }
}
