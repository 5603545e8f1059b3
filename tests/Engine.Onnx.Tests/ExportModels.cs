using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>The models the export tests run, each with every weight (biases included) drawn at random so a misplaced gate shows.</summary>
internal static class ExportModels
{
    public static readonly string[] Names = ["many_to_one", "stacked", "encoder_decoder", "backwards_no_bias", "activations", "stateful", "any_length",
        "gru_reset_after", "gru_reset_before", "simple_rnn", "mixed", "stateful_mixed",
        "bidirectional", "bidirectional_merges", "bidirectional_sequences", "bidirectional_merged_sequences"];

    public static Sequential Create(string name)
    {
        var model = new Sequential(seed: 3, name: name);
        switch (name)
        {
            case "many_to_one":
                model.Add(new Input(5, 3)).Add(new Lstm(8)).Add(new Dense(4, "relu")).Add(new Dense(1));
                break;
            case "stacked":
                model.Add(new Input(6, 2)).Add(new Lstm(7, returnSequences: true)).Add(new Lstm(5, returnSequences: true))
                    .Add(new TimeDistributed(new Dense(3, "tanh")));
                break;
            case "encoder_decoder":
                model.Add(new Input(5, 2)).Add(new Lstm(6)).Add(new RepeatVector(3)).Add(new Lstm(6, returnSequences: true))
                    .Add(new TimeDistributed(new Dense(2)));
                break;
            case "backwards_no_bias":
                model.Add(new Input(4, 3)).Add(new Lstm(5, returnSequences: true, goBackwards: true)).Add(new Lstm(4, useBias: false, goBackwards: true))
                    .Add(new Dense(2, "sigmoid"));
                break;
            case "activations":
                model.Add(new Input(4, 3)).Add(new Lstm(5, activation: "relu", recurrentActivation: "hard_sigmoid", returnSequences: true))
                    .Add(new Dense(3, "hard_sigmoid"));
                break;
            case "stateful":
                model.Add(new Input([3, 2], batchSize: 2)).Add(new Lstm(6, stateful: true, returnSequences: true)).Add(new Lstm(4, stateful: true))
                    .Add(new Dense(1));
                break;
            case "any_length":
                model.Add(new Input(Input.AnyLength, 2)).Add(new Lstm(5)).Add(new Dense(2));
                break;
            case "gru_reset_after":
                model.Add(new Input(5, 3)).Add(new Gru(6)).Add(new Dense(2));
                break;
            case "gru_reset_before":
                model.Add(new Input(5, 3)).Add(new Gru(6, recurrentActivation: "hard_sigmoid", returnSequences: true, goBackwards: true, resetAfter: false))
                    .Add(new TimeDistributed(new Dense(2)));
                break;
            case "simple_rnn":
                model.Add(new Input(5, 3)).Add(new SimpleRnn(6, "relu", returnSequences: true)).Add(new SimpleRnn(4)).Add(new Dense(1));
                break;
            case "mixed":
                model.Add(new Input(6, 2)).Add(new Lstm(5, returnSequences: true)).Add(new Gru(4, useBias: false, returnSequences: true, goBackwards: true))
                    .Add(new SimpleRnn(3, returnSequences: true)).Add(new TimeDistributed(new Dense(2)));
                break;
            case "stateful_mixed":
                model.Add(new Input([3, 2], batchSize: 2)).Add(new Gru(5, stateful: true, returnSequences: true))
                    .Add(new Bidirectional(new Lstm(3, stateful: true, returnSequences: true))).Add(new SimpleRnn(4, stateful: true))
                    .Add(new Dense(1));
                break;
            case "bidirectional":
                model.Add(new Input(5, 3)).Add(new Bidirectional(new Gru(4, returnSequences: true)))
                    .Add(new Bidirectional(new Lstm(3), "ave")).Add(new Dense(2));
                break;
            case "bidirectional_sequences":
                model.Add(new Input(5, 3)).Add(new Bidirectional(new Lstm(4, returnSequences: true))).Add(new Bidirectional(new Gru(3, returnSequences: true)))
                    .Add(new Lstm(5)).Add(new Dense(2));
                break;
            case "bidirectional_merged_sequences":
                model.Add(new Input(5, 3)).Add(new Bidirectional(new SimpleRnn(4, returnSequences: true), "sum"))
                    .Add(new Bidirectional(new Gru(3, resetAfter: false, returnSequences: true), "mul"))
                    .Add(new Bidirectional(new Lstm(2, returnSequences: true), "ave")).Add(new TimeDistributed(new Dense(1)));
                break;
            case "bidirectional_merges":
                model.Add(new Input(5, 3)).Add(new Bidirectional(new SimpleRnn(4, returnSequences: true), "sum"))
                    .Add(new Bidirectional(new Gru(3, resetAfter: false, returnSequences: true), "mul"))
                    .Add(new Bidirectional(new SimpleRnn(2, useBias: false))).Add(new Dense(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No such test model.");
        }
        var random = new SeededRandom(11);
        model.SetWeights(Enumerable.Range(0, model.CountParams()).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        return model;
    }

    /// <summary>The state names of a recurrent layer's graph inputs and outputs, in the carry's order.</summary>
    public static string[] States(RecurrentLayer layer) => layer switch
    {
        Bidirectional b => [.. States(b.ForwardLayer).Select(s => $"forward_{s}"), .. States(b.BackwardLayer).Select(s => $"backward_{s}")],
        Lstm => ["h", "c"],
        _ => ["h"],
    };

    public static Tensor RandomInput(Sequential model, int batch, int seed, int? steps = null)
    {
        var shape = model.Input!.Shape.ToArray();
        if (steps is int t) shape[0] = t;
        else if (shape[0] == Input.AnyLength) shape[0] = 4;
        var random = new SeededRandom(seed);
        int count = batch * shape.Aggregate(1, (a, b) => a * b);
        return Tensor.From(Enumerable.Range(0, count).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray(), [batch, .. shape]);
    }
}
