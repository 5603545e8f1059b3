using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>summary() of functional models as Keras 2 prints it: "Connected to" with layer[node][tensor], chains in the short table.</summary>
public sealed class FunctionalSummaryTests
{
    private static string[] Lines(Model model) => model.Summary().Replace("\r", "").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();

    [Fact]
    public void A_shared_layer_and_a_merge_list_every_tensor_they_read()
    {
        var left = new Input(3, 2);
        var right = new Input(3, 2);
        var shared = new Lstm(4);
        var joined = new Concatenate().Call([shared.Call(left), shared.Call(right)]);
        var model = new Model([left, right], new Dense(1).Call(joined), name: "siamese");

        string[] expected =
        [
            "Model: \"siamese\"",
            new string('_', 98),
            " Layer (type)                   Output Shape         Param #     Connected to",
            new string('=', 98),
            " input_1 (InputLayer)           [(None, 3, 2)]       0           []",
            "",
            " input_2 (InputLayer)           [(None, 3, 2)]       0           []",
            "",
            " lstm (LSTM)                    (None, 4)            112         ['input_1[0][0]',",
            "                                                                  'input_2[0][0]']",
            "",
            " concatenate (Concatenate)      (None, 8)            0           ['lstm[0][0]',",
            "                                                                  'lstm[1][0]']",
            "",
            " dense (Dense)                  (None, 1)            9           ['concatenate[0][0]']",
            "",
            new string('=', 98),
            "Total params: 121",
            "Trainable params: 121",
            "Non-trainable params: 0",
            new string('_', 98),
        ];
        Assert.Equal(expected, Lines(model));
        // Every table line is 98 wide, as Keras pads it.
        Assert.All(model.Summary().Replace("\r", "").Split('\n')[1..^5], line => Assert.Equal(98, line.Length));
    }

    [Fact]
    public void Returned_states_are_the_layers_further_outputs()
    {
        var x = new Input(5, 3);
        var (output, h, c) = new Lstm(8, returnState: true).Call(x);
        var model = new Model(x, [output, new Dense(2).Call(new Concatenate().Call([h, c]))]);

        var lines = Lines(model);

        Assert.Equal(
        [
            " lstm (LSTM)                    [(None, 8),          384         ['input_1[0][0]']",
            "                                 (None, 8),",
            "                                 (None, 8)]",
        ], lines[6..9]);
        Assert.Contains(" concatenate (Concatenate)      (None, 16)           0           ['lstm[0][1]',", lines);
        Assert.Contains("                                                                  'lstm[0][2]']", lines);
    }

    [Fact]
    public void A_chain_of_models_is_the_short_table_with_its_input_row()
    {
        var inputs = new Input(4, 1);
        var encoder = new Model(inputs, new Lstm(16).Call(inputs));
        var latent = new Input(16);
        var decoder = new Model(latent, new TimeDistributed(new Dense(1)).Call(new Lstm(16, returnSequences: true).Call(new RepeatVector(4).Call(latent))));
        var autoencoder = new Model(inputs, decoder.Call(encoder.Call(inputs)));

        var lines = Lines(autoencoder);

        Assert.Equal("Model: \"model_2\"", lines[0]);
        Assert.Equal(" Layer (type)                Output Shape              Param #", lines[2]);
        Assert.Equal(" input_1 (InputLayer)        [(None, 4, 1)]            0", lines[4]);
        Assert.Equal(" model (Functional)          (None, 16)                1152", lines[6]);
        Assert.Equal(" model_1 (Functional)        (None, 4, 1)              2129", lines[8]);
        Assert.Equal("Total params: 3,281", lines[^4]);
    }

    [Fact]
    public void A_nested_model_called_once_is_node_1_as_in_keras()
    {
        var sequence = new Input(3, 2);
        var encoder = new Model(sequence, new Gru(4).Call(sequence), name: "encoder");
        var x = new Input(3, 2);
        var code = encoder.Call(x);
        var model = new Model(x, [new Dense(1).Call(code), new Dense(2).Call(code)]);

        var lines = Lines(model);

        Assert.Contains(" encoder (Functional)           (None, 4)            96          ['input_1[0][0]']", lines);
        Assert.Contains(" dense (Dense)                  (None, 1)            5           ['encoder[1][0]']", lines);
        Assert.Contains(" dense_1 (Dense)                (None, 2)            10          ['encoder[1][0]']", lines);
    }
}
