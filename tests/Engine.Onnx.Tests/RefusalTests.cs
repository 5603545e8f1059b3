using Google.Protobuf;
using LstmActors.Engine.Onnx.Export;
using Onnx;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>Files the import cannot represent are refused with the node, the operator and the attribute named.</summary>
public sealed class RefusalTests
{
    [Fact]
    public void LastStepOfABidirectionalLstmIsRefusedSayingWhy()
    {
        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.Load(PyTorchFile.Read("refused_bidirectional").Path));

        // PyTorch's out[:, -1] holds the backward direction's first step, which no Keras Bidirectional returns.
        Assert.Equal(("/Gather", "Gather"), (error.Node, error.Op));
        Assert.Contains("last timestep of a bidirectional layer's sequence", error.Message);
    }

    [Fact]
    public void LastStepOfABidirectionalGruIsRefusedSayingWhy()
    {
        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.Load(PyTorchFile.Read("refused_gru_bidirectional").Path));

        Assert.Equal("Gather", error.Op);
        Assert.Contains("keep the sequence, or end with a one-direction layer", error.Message);
    }

    [Fact]
    public void BackwardThenForwardFinalStateIsRefused()
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PyTorchFile.Read("lstm_bidirectional_h_n").Path));
        // torch.cat([h[-1], h[-2]]): backward first, which no Keras Bidirectional gives.
        var concat = proto.Graph.Node.Single(n => n.Name == "/Concat");
        (concat.Input[0], concat.Input[1]) = (concat.Input[1], concat.Input[0]);

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(proto.ToByteArray()));

        Assert.Equal(("/Concat", "Concat", "axis"), (error.Node, error.Op, error.Attribute));
        Assert.Contains("forward h then backward h", error.Message);
    }

    [Fact]
    public void OneDirectionsFinalStateIsRefused()
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PyTorchFile.Read("lstm_bidirectional_h_n").Path));
        // head(h[-1]) with the head's width halved: the backward direction's final h alone.
        var concat = proto.Graph.Node.Single(n => n.Name == "/Concat");
        var gemm = proto.Graph.Node.Single(n => n.OpType == "Gemm");
        gemm.Input[0] = concat.Input[1];
        proto.Graph.Node.Remove(concat);

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(proto.ToByteArray()));

        Assert.Equal(("/head/Gemm", "Gemm"), (error.Node, error.Op));
        Assert.Contains("one direction's final state of a bidirectional layer", error.Message);
    }

    [Theory]
    [InlineData("gru_linear", "GRU", "clip")]
    [InlineData("rnn_linear", "RNN", "activation_alpha")]
    public void UnsupportedRecurrentAttributeIsRefused(string file, string op, string attribute)
    {
        var model = WithAttribute(file, op, new AttributeProto { Name = attribute, Type = AttributeProto.Types.AttributeType.Float, F = 3f });

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(model));

        Assert.Equal((op, attribute), (error.Op, error.Attribute));
    }

    [Theory]
    [InlineData("gru_linear", "GRU", "Sigmoid", "Softsign")]
    [InlineData("rnn_linear", "RNN", "Tanh", "Tanh")]
    public void UnsupportedRecurrentActivationsAreRefused(string file, string op, params string[] activations)
    {
        var model = WithAttribute(file, op, OnnxGraph.Strings("activations", activations));

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(model));

        Assert.Equal((op, "activations"), (error.Op, error.Attribute));
    }

    [Fact]
    public void UnsupportedOperatorIsRefusedNamingIt()
    {
        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.Load(PyTorchFile.Read("refused_softmax").Path));

        Assert.Equal(("/Softmax", "Softmax", null), (error.Node, error.Op, error.Attribute));
        Assert.Contains("operator Softmax is not supported", error.Message);
    }

    [Fact]
    public void InputForgetIsRefused()
    {
        var model = WithLstmAttribute(new AttributeProto { Name = "input_forget", Type = AttributeProto.Types.AttributeType.Int, I = 1 });

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(model));

        Assert.Equal(("/lstm/LSTM", "LSTM", "input_forget"), (error.Node, error.Op, error.Attribute));
    }

    [Fact]
    public void UnknownAttributeIsRefused()
    {
        var model = WithLstmAttribute(new AttributeProto { Name = "clip", Type = AttributeProto.Types.AttributeType.Float, F = 3f });

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(model));

        Assert.Equal(("/lstm/LSTM", "LSTM", "clip"), (error.Node, error.Op, error.Attribute));
        Assert.Contains("attribute 'clip'", error.Message);
    }

    [Fact]
    public void InputForgetZeroIsAccepted()
    {
        var model = WithLstmAttribute(new AttributeProto { Name = "input_forget", Type = AttributeProto.Types.AttributeType.Int, I = 0 });

        Assert.Equal(2, OnnxImport.FromBytes(model).Layers.Count);
    }

    [Fact]
    public void TimeMajorInputIsRefused()
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PyTorchFile.Read("lstm_linear").Path));
        // Dropping the Transpose leaves the LSTM reading the batch-first input, as a batch_first=False export would.
        var transpose = proto.Graph.Node.First(n => n.OpType == "Transpose");
        foreach (var node in proto.Graph.Node.Where(n => n.Input.Contains(transpose.Output[0])))
            node.Input[node.Input.IndexOf(transpose.Output[0])] = transpose.Input[0];
        proto.Graph.Node.Remove(transpose);

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(proto.ToByteArray()));

        Assert.Equal(("/lstm/LSTM", "LSTM"), (error.Node, error.Op));
        Assert.Contains("batch_first=True", error.Message);
    }

    [Fact]
    public void FirstLayersFinalStateAsDataIsRefused()
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PyTorchFile.Read("lstm2_h_last").Path));
        // h[0] instead of h[-1]: the first layer's final h feeding the head skips the second layer, which no Sequential does.
        var gather = proto.Graph.Node.Single(n => n.OpType == "Gather" && n.Input[0].Contains("Concat"));
        var index = proto.Graph.Node.Single(n => n.Output.Contains(gather.Input[1])).Attribute.Single(a => a.Name == "value").T;
        index.RawData = ByteString.CopyFrom(BitConverter.GetBytes(0L));

        var error = Assert.Throws<UnsupportedOnnxException>(() => OnnxImport.FromBytes(proto.ToByteArray()));

        Assert.Equal(("/head/head.0/Gemm", "Gemm"), (error.Node, error.Op));
        Assert.Contains("final state as data", error.Message);
    }

    private static byte[] WithLstmAttribute(AttributeProto attribute) => WithAttribute("lstm_linear", "LSTM", attribute);

    private static byte[] WithAttribute(string file, string op, AttributeProto attribute)
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PyTorchFile.Read(file).Path));
        var node = proto.Graph.Node.First(n => n.OpType == op);
        var existing = node.Attribute.FirstOrDefault(a => a.Name == attribute.Name);
        if (existing is not null) node.Attribute.Remove(existing);
        node.Attribute.Add(attribute);
        return proto.ToByteArray();
    }
}
