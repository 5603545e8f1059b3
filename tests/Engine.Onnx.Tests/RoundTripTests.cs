using Google.Protobuf;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Onnx.Export;
using Onnx;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>An exported file reads back into the same model, its state inputs and outputs becoming the carry again.</summary>
public sealed class RoundTripTests
{
    [Theory]
    [InlineData("many_to_one")]
    [InlineData("stacked")]
    [InlineData("stateful")]
    [InlineData("encoder_decoder")]
    [InlineData("backwards_no_bias")]
    [InlineData("activations")]
    [InlineData("any_length")]
    [InlineData("gru_reset_after")]
    [InlineData("gru_reset_before")]
    [InlineData("simple_rnn")]
    [InlineData("mixed")]
    [InlineData("stateful_mixed")]
    [InlineData("bidirectional")]
    [InlineData("bidirectional_merges")]
    [InlineData("bidirectional_sequences")]
    [InlineData("bidirectional_merged_sequences")]
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
        Assert.Equal(carry.Carries[^1].States, importedCarry.Carries[^1].States);
    }

    [Fact]
    public void ReversedSequenceIntoADenseIsRefused()
    {
        // input → time-major → reversed → batch-major → MatMul: only a recurrent layer may read a reversed sequence.
        var graph = new OnnxGraph(batch: null);
        graph.AddInput("input", [4, 3]);
        string timeMajor = graph.AddNode("Transpose", "to_time_major", ["input"], OnnxGraph.Ints("perm", 1, 0, 2));
        string reversed = graph.AddNode("Slice", "reverse", [timeMajor, graph.AddInt64s("starts", -1), graph.AddInt64s("ends", long.MinValue),
            graph.AddInt64s("axes", 0), graph.AddInt64s("steps", -1)]);
        string batchMajor = graph.AddNode("Transpose", "to_batch_major", [reversed], OnnxGraph.Ints("perm", 1, 0, 2));
        graph.AddOutput("output", graph.AddNode("MatMul", "dense", [batchMajor, graph.AddWeight("kernel", new float[6], 3, 2)]), [4, 2]);
        var model = new ModelProto { IrVersion = 7, Graph = graph.Proto };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 14 });

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(model.ToByteArray()));

        Assert.Equal(("dense", "MatMul"), (error.Node, error.Op));
        Assert.Contains("time-reversed", error.Message);
    }

    // TimeDistributed(Dense) reads back as the Dense it applies, which computes the same on sequences.
    private static string Describe(Layer layer) => layer switch
    {
        Lstm l => $"LSTM {l.Units} seq={l.ReturnSequences} back={l.GoBackwards} {l.Activation}/{l.RecurrentActivation}",
        Gru g => $"GRU {g.Units} seq={g.ReturnSequences} back={g.GoBackwards} {g.Activation}/{g.RecurrentActivation} resetAfter={g.ResetAfter} bias={g.UseBias}",
        SimpleRnn s => $"SimpleRNN {s.Units} seq={s.ReturnSequences} back={s.GoBackwards} {s.Activation} bias={s.UseBias}",
        RepeatVector r => $"RepeatVector {r.N}",
        Dense d => $"Dense {d.Units} {d.Activation}",
        TimeDistributed t => $"Dense {t.Inner.Units} {t.Inner.Activation}",
        Bidirectional b => $"Bidirectional({Describe(b.ForwardLayer)}) {b.MergeMode}",
        _ => layer.TypeName,
    };
}
