using LstmActors.Engine.Callbacks;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Tests.Callbacks;

/// <summary>EarlyStopping's bookkeeping as Keras: improvement means falling by more than minDelta; stop after patience epochs without.</summary>
public sealed class EarlyStoppingTests
{
    private static Sequential Model()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(2, 1));
        model.Add(new Dense(1));
        return model;
    }

    private static int? StopEpoch(EarlyStopping stop, Sequential model, params float[] losses)
    {
        stop.OnTrainBegin(model);
        model.StopTraining = false;
        for (int epoch = 0; epoch < losses.Length; epoch++)
        {
            stop.OnEpochEnd(model, epoch, new Dictionary<string, float> { ["loss"] = losses[epoch] });
            if (model.StopTraining) return epoch;
        }
        return null;
    }

    [Fact]
    public void Decreases_smaller_than_min_delta_do_not_count()
    {
        var model = Model();
        Assert.Equal(2, StopEpoch(new EarlyStopping("loss", patience: 2, minDelta: 0.1f), model, 1f, 0.95f, 0.92f, 0.5f));
        Assert.Null(StopEpoch(new EarlyStopping("loss", patience: 2), model, 1f, 0.95f, 0.92f, 0.5f));
    }

    [Fact]
    public void Patience_counts_epochs_since_the_best()
    {
        var model = Model();
        var stop = new EarlyStopping("loss", patience: 3);
        // Best at epoch 1; epochs 2, 3 and 4 bring no improvement, so it stops at epoch 4.
        Assert.Equal(4, StopEpoch(stop, model, 3f, 2f, 2.5f, 2.1f, 2.2f, 2.05f, 1f));
        Assert.Equal(2f, stop.Best);
        Assert.Equal(1, stop.BestEpoch);
        Assert.Equal(4, stop.StoppedEpoch);
    }

    [Fact]
    public void Restores_the_weights_of_the_best_epoch_when_it_stops()
    {
        var model = Model();
        var stop = new EarlyStopping("loss", patience: 1, restoreBestWeights: true);
        stop.OnTrainBegin(model);
        var best = model.GetWeights();
        stop.OnEpochEnd(model, 0, new Dictionary<string, float> { ["loss"] = 1f });
        model.SetWeights(best.Select(w => w + 1f).ToArray());
        stop.OnEpochEnd(model, 1, new Dictionary<string, float> { ["loss"] = 2f });

        Assert.True(model.StopTraining);
        Assert.Equal(best, model.GetWeights());
    }
}
