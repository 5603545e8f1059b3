using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>
/// Seed 003's word model with an LSTM: Input(ids) → Embedding → LSTM(returnSequences) → TimeDistributed(Dense(vocab))
/// → Activation("softmax"), compiled with sparse_categorical_crossentropy and Adam(decay=0.01), learns to predict
/// the next id of a sequence.
/// </summary>
public sealed class SequenceClassificationSeedTests
{
    private const int Vocabulary = 7, Length = 6;

    /// <summary>Windows of a fixed id sequence; each target is the next id at every position.</summary>
    private static (Tensor X, Tensor Y) Windows()
    {
        int[] text = [0, 3, 1, 4, 1, 5, 2, 6, 0, 3, 1, 4, 1, 5, 2, 6, 0, 3, 1, 4, 1, 5, 2, 6];
        int samples = text.Length - Length - 1;
        var x = new float[samples * Length];
        var y = new float[samples * Length];
        for (int s = 0; s < samples; s++)
        {
            for (int t = 0; t < Length; t++)
            {
                x[s * Length + t] = text[s + t];
                y[s * Length + t] = text[s + t + 1];
            }
        }
        return (Tensor.From(x, samples, Length), Tensor.From(y, samples, Length));
    }

    [Fact]
    public void Learns_the_next_id_with_softmax_and_sparse_crossentropy()
    {
        var model = new Sequential(seed: 3);
        model.Add(new Input(Length));
        model.Add(new Embedding(Vocabulary, 8));
        model.Add(new Lstm(16, returnSequences: true));
        model.Add(new TimeDistributed(new Dense(Vocabulary)));
        model.Add(new ActivationLayer("softmax"));
        model.Compile(new Adam(0.02f, decay: 0.01f), Engine.Losses.Loss.Parse("sparse_categorical_crossentropy"));
        var (x, y) = Windows();

        var history = model.Fit(x, y, epochs: 60, batchSize: 4);

        Assert.True(history.Loss[^1] < history.Loss[0] / 5, $"loss went from {history.Loss[0]} to {history.Loss[^1]}");
        var p = model.Predict(x);
        int correct = 0;
        for (int i = 0; i < y.Length; i++)
        {
            int best = 0;
            for (int k = 1; k < Vocabulary; k++)
                if (p.Span[i * Vocabulary + k] > p.Span[i * Vocabulary + best]) best = k;
            if (best == (int)y.Span[i]) correct++;
        }
        // Only a window that starts at id 1 cannot know whether 4 or 5 follows; everything else is learnable.
        Assert.True(correct >= 0.9 * y.Length, $"{correct} of {y.Length} next ids right");
    }
}
