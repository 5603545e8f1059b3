using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>
/// A functional test model: the calls whose states the graph exposes, in carry order (the model's
/// <see cref="Model.RecurrentLayers"/>), and its graph output names.
/// </summary>
internal sealed record FunctionalModel(Model Model, string[] CarryCalls, string[] OutputNames);

/// <summary>The functional models the export tests run, every weight drawn at random as in <see cref="ExportModels"/>.</summary>
internal static class FunctionalModels
{
    public static readonly string[] Names = ["encoder_decoder", "shared_layer", "shared_model", "two_inputs_two_outputs", "nested", "return_state", "embedding"];

    // The embedding model's ids: integers below its vocabulary.
    private const int Vocabulary = 7;

    public static FunctionalModel Create(string name)
    {
        var model = name switch
        {
            "encoder_decoder" => EncoderDecoder(),
            "shared_layer" => SharedLayer(),
            "shared_model" => SharedModel(),
            "two_inputs_two_outputs" => TwoInputsTwoOutputs(),
            "nested" => Nested(),
            "return_state" => ReturnState(),
            "embedding" => WithEmbedding(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such test model."),
        };
        var random = new SeededRandom(13);
        model.Model.SetWeights(Enumerable.Range(0, model.Model.CountParams()).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        return model;
    }

    /// <summary>One tensor per model input: values in (-1, 1), an open time axis 4 steps for the first input and 5 for the next; ids for an Input named "ids".</summary>
    public static Tensor[] RandomInputs(Model model, int batch, int seed)
    {
        var random = new SeededRandom(seed);
        return model.Inputs.Select((input, i) =>
        {
            int[] shape = [batch, .. input.Shape.Select(d => d == Input.AnyLength ? 4 + i : d)];
            int count = shape.Aggregate(1, (a, b) => a * b);
            var data = Enumerable.Range(0, count)
                .Select(_ => input.Name == "ids" ? (float)Math.Floor(random.NextDouble() * Vocabulary) : (float)(2 * random.NextDouble() - 1));
            return Tensor.From(data.ToArray(), shape);
        }).ToArray();
    }

    // The seeds' sequence-to-sequence model: the encoder's final (h, c) start the decoder, which reads its own sequence;
    // both open in length (Keras Input(shape=(None, F))).
    private static FunctionalModel EncoderDecoder()
    {
        var encoderInputs = new Input([Input.AnyLength, 3], null, name: "encoder_inputs");
        var (_, h, c) = new Lstm(5, returnState: true).Call(encoderInputs);
        var decoderInputs = new Input([Input.AnyLength, 2], null, name: "decoder_inputs");
        var (decoded, _, _) = new Lstm(5, returnSequences: true, returnState: true).Call(decoderInputs, [h, c]);
        var outputs = new Dense(2, "softmax").Call(decoded);
        return new(new Model([encoderInputs, decoderInputs], outputs, seed: 3), ["lstm"], ["output"]);
    }

    // Keras' shared encoder: one GRU reads two sequences, a Dense reads both codes.
    private static FunctionalModel SharedLayer()
    {
        var left = new Input(4, 2);
        var right = new Input(4, 2);
        var shared = new Gru(3);
        var joined = new Concatenate().Call([shared.Call(left), shared.Call(right)]);
        return new(new Model([left, right], new Dense(1, "tanh").Call(joined), seed: 3), ["gru", "gru/call_1"], ["output"]);
    }

    // A model called twice: its LSTM's calls are named under each call of the model.
    private static FunctionalModel SharedModel()
    {
        var sequence = new Input(3, 2);
        var encoder = new Model(sequence, new Lstm(4).Call(sequence), name: "encoder");
        var left = new Input(3, 2);
        var right = new Input(3, 2);
        var distance = new Dense(1).Call(new Concatenate().Call([encoder.Call(left), encoder.Call(right)]));
        return new(new Model([left, right], distance, seed: 3), ["encoder/lstm", "encoder/call_1/lstm"], ["output"]);
    }

    private static FunctionalModel TwoInputsTwoOutputs()
    {
        var sequence = new Input(5, 3);
        var context = new Input(2);
        var code = new Lstm(4).Call(new Bidirectional(new Gru(3, returnSequences: true)).Call(sequence));
        var both = new Concatenate().Call([code, context]);
        var first = new Dense(1) { Name = "score" }.Call(both);
        var second = new Dense(2, "relu") { Name = "classes" }.Call(code);
        return new(new Model([sequence, context], [first, second], seed: 3), ["bidirectional", "lstm"], ["score", "classes"]);
    }

    // The seeds' LSTM autoencoder as encoder and decoder models: autoencoder = Model(inputs, decoder(encoder(inputs))).
    private static FunctionalModel Nested()
    {
        var inputs = new Input(4, 2);
        var encoder = new Model(inputs, new Lstm(6).Call(inputs), name: "encoder");
        var latent = new Input(6);
        var decoded = new TimeDistributed(new Dense(2)).Call(new Lstm(6, returnSequences: true).Call(new RepeatVector(4).Call(latent)));
        var decoder = new Model(latent, decoded, name: "decoder");
        return new(new Model(inputs, decoder.Call(encoder.Call(inputs)), seed: 3), ["encoder/lstm", "decoder/lstm"], ["output"]);
    }

    // returnState outputs as model outputs: named after the call and the state.
    private static FunctionalModel ReturnState()
    {
        var x = new Input(4, 3);
        var (output, h, c) = new Lstm(4, returnSequences: true, returnState: true).Call(x);
        var (last, state) = new SimpleRnn(3, returnState: true).Call(output);
        return new(new Model(x, [output, h, c, last, state], seed: 3), ["lstm", "simple_rnn"],
            ["lstm", "lstm/h", "lstm/c", "simple_rnn", "simple_rnn/h"]);
    }

    private static FunctionalModel WithEmbedding()
    {
        var ids = new Input([5], null, name: "ids");
        var sequence = new Gru(4, returnSequences: true).Call(new Embedding(Vocabulary, 3).Call(ids));
        return new(new Model(ids, new ActivationLayer("softmax").Call(sequence), seed: 3), ["gru"], ["output"]);
    }
}
