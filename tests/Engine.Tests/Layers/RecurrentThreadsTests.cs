using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Layers;

/// <summary>A recurrent layer's <see cref="Rnn.Threads"/> splits the work, never the arithmetic: every count gives the same bits.</summary>
public sealed class RecurrentThreadsTests
{
    private static Sequential Model(Func<Rnn> layer, int threads)
    {
        var model = new Sequential(seed: 31);
        model.Add(new Input(5, 7));
        var rnn = layer();
        model.Add(rnn);
        model.Add(new Dense(3));
        model.Compile(new Sgd(0.01f), new Mse());
        rnn.Threads = threads;
        return model;
    }

    public static TheoryData<string> Cells => ["lstm", "gru", "gru-reset-before", "simple-rnn"];

    private static Rnn Layer(string cell) => cell switch
    {
        "lstm" => new Lstm(32, returnSequences: true),
        "gru" => new Gru(64, returnSequences: true),
        "gru-reset-before" => new Gru(64, returnSequences: true, resetAfter: false),
        _ => new SimpleRnn(128, returnSequences: true),
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Two_threads_give_the_same_outputs_loss_and_gradients_as_one(string cell)
    {
        // 96 series: enough rows, and gate columns, for the kernel to split both its row and its weight-gradient work.
        var x = Uniform(1, 96, 5, 7);
        var y = Uniform(2, 96, 5, 3);
        var one = Model(() => Layer(cell), threads: 1);
        var two = Model(() => Layer(cell), threads: 2);
        try
        {
            Assert.Equal(2, ((Rnn)two.RecurrentLayers[0]).Threads);
            Assert.Equal(one.Predict(x).ToArray(), two.Predict(x).ToArray());

            var expected = one.ComputeGradients(x, y);
            var actual = two.ComputeGradients(x, y);

            Assert.Equal(expected.Loss, actual.Loss);
            Assert.Equal(expected.Values, actual.Values);
        }
        finally
        {
            ((Rnn)two.RecurrentLayers[0]).Threads = 1;
        }
    }

    [Fact]
    public void Threads_below_one_are_refused_naming_the_layer()
    {
        var layer = new Lstm(4) { Name = "encoder" };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Threads = 0);

        Assert.Contains("encoder", error.Message);
    }
}
