using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>An exported file reads back into the same model, its state inputs and outputs becoming the carry again.</summary>
public sealed class RoundTripTests
{
    [Theory]
    [InlineData("many_to_one")]
    [InlineData("stacked")]
    [InlineData("stateful")]
    public void ExportedModelImportsWithTheSameLayersAndOutputs(string name)
    {
        var model = ExportModels.Create(name);
        var x = ExportModels.RandomInput(model, model.Input!.BatchSize ?? 3, seed: 9);

        var imported = OnnxImport.FromBytes(OnnxExport.ToBytes(model));

        Assert.Equal(model.Layers.Select(Describe), imported.Layers.Select(Describe));
        Assert.Equal(model.GetWeights(), imported.GetWeights());
        var carry = model.CreateCarry(x.Shape[0]);
        var importedCarry = imported.CreateCarry(x.Shape[0]);
        Assert.Equal(model.Advance(x, carry).ToArray(), imported.Advance(x, importedCarry).ToArray());
        Assert.Equal(carry.Layers[^1].C, importedCarry.Layers[^1].C);
    }

    [Fact]
    public void GoBackwardsIsRefusedOnImportNamingTheSlice()
    {
        var bytes = OnnxExport.ToBytes(ExportModels.Create("backwards_no_bias"));

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(bytes));

        Assert.Equal(("lstm/reverse", "Slice"), (error.Node, error.Op));
    }

    // TimeDistributed(Dense) reads back as the Dense it applies, which computes the same on sequences.
    private static string Describe(Layer layer) => layer switch
    {
        Lstm l => $"LSTM {l.Units} seq={l.ReturnSequences} {l.Activation}/{l.RecurrentActivation}",
        Dense d => $"Dense {d.Units} {d.Activation}",
        TimeDistributed t => $"Dense {t.Inner.Units} {t.Inner.Activation}",
        _ => layer.TypeName,
    };
}
