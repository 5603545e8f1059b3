using LstmActors.Engine.Callbacks;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Models;

/// <summary>Fit's bookkeeping: validation split, epoch loss, history, deferred build.</summary>
public sealed class FitTests
{
    private static Sequential Model()
    {
        var model = new Sequential(seed: 3);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(4));
        model.Add(new Dense(1));
        model.Compile(new Sgd(0.05f), new Mse());
        return model;
    }

    [Fact]
    public void Validation_split_holds_out_the_last_samples_and_scores_them_each_epoch()
    {
        var model = Model();
        var x = TestData.Uniform(1, 10, 3, 1);
        var y = TestData.Uniform(2, 10, 1);
        var reference = Model();
        // Poisoning the last 2 targets only changes val_loss if those are the held-out samples.
        var yPoisoned = Tensor.From(y.ToArray(), 10, 1);
        yPoisoned[8, 0] = 100f;
        yPoisoned[9, 0] = 100f;

        var history = model.Fit(x, y, epochs: 2, batchSize: 4, shuffle: false, validationSplit: 0.2f);
        var poisoned = reference.Fit(x, yPoisoned, epochs: 2, batchSize: 4, shuffle: false, validationSplit: 0.2f);

        Assert.Equal(history.Loss, poisoned.Loss);
        Assert.True(poisoned.ValLoss[0] > 1000 * history.ValLoss[0]);
        Assert.Equal(2, history.ValLoss.Count);
        Assert.Equal(model.Evaluate(x.Slice(8, 2), y.Slice(8, 2)), history.ValLoss[^1], 5);
    }

    [Fact]
    public void Epoch_loss_is_the_sample_weighted_mean_of_the_batch_losses()
    {
        var fitted = Model();
        var stepped = Model();
        var x = TestData.Uniform(3, 5, 3, 1);
        var y = TestData.Uniform(4, 5, 1);

        var history = fitted.Fit(x, y, epochs: 1, batchSize: 3, shuffle: false);
        float first = stepped.TrainOnBatch(x.Slice(0, 3), y.Slice(0, 3));
        float second = stepped.TrainOnBatch(x.Slice(3, 2), y.Slice(3, 2));

        Assert.Equal((first * 3 + second * 2) / 5, history.Loss[0], 6);
        Assert.Equal(stepped.GetWeights(), fitted.GetWeights());
    }

    [Fact]
    public void Callbacks_see_every_epoch_and_the_history_holds_the_same_values()
    {
        var model = Model();
        var seen = new List<(int Epoch, float Loss, float ValLoss)>();
        var progress = new LambdaCallback((epoch, logs) => seen.Add((epoch, logs["loss"], logs["val_loss"])));

        var history = model.Fit(TestData.Uniform(7, 8, 3, 1), TestData.Uniform(8, 8, 1), epochs: 4, batchSize: 2,
            validationSplit: 0.25f, callbacks: [progress]);

        Assert.Equal([0, 1, 2, 3], seen.Select(s => s.Epoch));
        Assert.Equal(history.Loss, seen.Select(s => s.Loss));
        Assert.Equal(history.ValLoss, seen.Select(s => s.ValLoss));
        Assert.Equal(history.Loss, history.Values["loss"]);
    }

    [Fact]
    public void Early_stopping_on_val_loss_without_validation_data_says_what_is_missing()
    {
        var model = Model();
        var error = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(TestData.Uniform(9, 4, 3, 1), TestData.Uniform(10, 4, 1), epochs: 2, callbacks: [new EarlyStopping()]));
        Assert.Contains("'val_loss'", error.Message);
        Assert.Contains("validationSplit", error.Message);
    }

    [Fact]
    public void A_model_without_an_input_is_built_from_the_first_data()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Lstm(3));
        model.Add(new Dense(2));
        Assert.False(model.IsBuilt);

        var output = model.Predict(TestData.Uniform(5, 4, 6, 2));

        Assert.Equal([4, 2], output.Shape);
        Assert.Equal([6, 2], model.Input!.Shape);
        Assert.Equal(4 * ((2 + 1) * 3 + 9) + 8, model.CountParams());
    }

    [Fact]
    public void Predict_in_batches_equals_one_batch()
    {
        var model = Model();
        var x = TestData.Uniform(6, 7, 3, 1);
        Assert.Equal(model.Predict(x, batchSize: 7).ToArray(), model.Predict(x, batchSize: 2).ToArray());
    }
}
