using LstmActors.Engine.Callbacks;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Serialization;
using LstmActors.Engine.Tests.Models;

namespace LstmActors.Engine.Tests.Serialization;

/// <summary>Save → load gives the same model: architecture, bitwise weights and predictions, compile settings, optimizer state.</summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Sequential EncoderDecoder()
    {
        var model = new Sequential(seed: 9, name: "seq2seq");
        model.Add(new Input(5, 2));
        model.Add(new Lstm(6, activation: "relu", recurrentActivation: "hard_sigmoid", goBackwards: true));
        model.Add(new RepeatVector(3));
        model.Add(new Lstm(4, returnSequences: true, unitForgetBias: false, dropout: 0.1f));
        model.Add(new TimeDistributed(new Dense(2, activation: "tanh")));
        model.Compile(new Adam(0.005f, clipNorm: 1f), new Huber(0.5f));
        return model;
    }

    [Fact]
    public void Save_then_load_gives_identical_predictions_and_summary()
    {
        var model = EncoderDecoder();
        var x = TestData.Uniform(1, 4, 5, 2);
        model.Fit(x, TestData.Uniform(2, 4, 3, 2), epochs: 3, batchSize: 2);
        string path = _folder.File("model.lstm");

        model.Save(path);
        var loaded = Sequential.Load(path);

        Assert.Equal(model.Summary(), loaded.Summary());
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        var lstm = Assert.IsType<Lstm>(loaded.Layers[0]);
        Assert.True(lstm.GoBackwards);
        Assert.Equal(Activations.Activation.HardSigmoid, lstm.RecurrentActivation);
        Assert.Equal(0.1f, Assert.IsType<Lstm>(loaded.Layers[2]).Dropout);
        Assert.Equal(0.5f, Assert.IsType<Huber>(loaded.Loss).Delta);
        Assert.Equal(1f, Assert.IsType<Adam>(loaded.Optimizer).ClipNorm);
    }

    [Fact]
    public void A_model_kept_as_bytes_loads_back_identical()
    {
        var model = EncoderDecoder();
        var x = TestData.Uniform(15, 3, 5, 2);
        using var bytes = new MemoryStream();

        model.Save(bytes);
        bytes.Position = 0;
        var loaded = Sequential.Load(bytes);

        Assert.Equal(model.GetWeights(), loaded.GetWeights());
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
    }

    [Fact]
    public void Saving_without_optimizer_state_keeps_the_settings_but_starts_the_optimizer_afresh()
    {
        var model = EncoderDecoder();
        var x = TestData.Uniform(3, 2, 5, 2);
        var y = TestData.Uniform(4, 2, 3, 2);
        model.TrainOnBatch(x, y);
        model.TrainOnBatch(x, y);
        string withState = _folder.File("with.lstm"), withoutState = _folder.File("without.lstm");

        model.Save(withState);
        model.Save(withoutState, includeOptimizer: false);

        Assert.Equal(2, Sequential.Load(withState).Optimizer!.Iterations);
        var fresh = Sequential.Load(withoutState);
        Assert.Equal(0, fresh.Optimizer!.Iterations);
        Assert.Empty(fresh.Optimizer.Slots);
        Assert.Equal(0.005f, fresh.Optimizer.LearningRate);
        Assert.Equal(model.GetWeights(), fresh.GetWeights());
    }

    [Fact]
    public void Saved_optimizer_slots_equal_the_live_ones()
    {
        var model = new Sequential(seed: 4);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(3));
        model.Add(new Dense(1));
        model.Compile(new RmsProp(momentum: 0.5f), new Mse());
        var x = TestData.Uniform(5, 4, 3, 1);
        var y = TestData.Uniform(6, 4, 1);
        model.TrainOnBatch(x, y);
        string path = _folder.File("rms.lstm");
        model.Save(path);
        var loaded = Sequential.Load(path);

        Assert.Equal(model.Optimizer!.Slots.Count, loaded.Optimizer!.Slots.Count);
        for (int i = 0; i < model.Optimizer.Slots.Count; i++) Assert.Equal(model.Optimizer.Slots[i], loaded.Optimizer.Slots[i]);
        model.TrainOnBatch(x, y);
        loaded.TrainOnBatch(x, y);
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
    }

    [Fact]
    public void A_model_file_is_a_npz_whose_weights_load_into_a_fresh_model()
    {
        var model = new Sequential(seed: 8);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(5, returnSequences: true));
        model.Add(new Lstm(4));
        model.Add(new Dense(1));
        string path = _folder.File("weights.npz");
        model.Save(path);

        var arrays = Npz.Read(path);
        Assert.Equal([1, 20], arrays["lstm/kernel"].Shape);
        Assert.Equal([5, 16], arrays["lstm_1/kernel"].Shape);
        Assert.Equal([4, 1], arrays["dense/kernel"].Shape);
        var fresh = new Sequential(seed: 99);
        fresh.Add(new Input(3, 1));
        fresh.Add(new Lstm(5, returnSequences: true));
        fresh.Add(new Lstm(4));
        fresh.Add(new Dense(1));
        Assert.NotEqual(model.GetWeights(), fresh.GetWeights());
        fresh.LoadWeights(path);
        Assert.Equal(model.GetWeights(), fresh.GetWeights());
    }

    [Fact]
    public void SaveWeights_writes_a_keras_npz_that_LoadWeights_reads_back()
    {
        static Sequential Build(int seed)
        {
            var model = new Sequential(seed);
            model.Add(new Input(4, 2));
            model.Add(new Lstm(3));
            model.Add(new RepeatVector(2));
            model.Add(new Lstm(3, returnSequences: true));
            model.Add(new TimeDistributed(new Dense(2)));
            return model;
        }
        var source = Build(1);
        string path = _folder.File("weights-only.npz");

        source.SaveWeights(path);
        var target = Build(2);
        target.LoadWeights(path);

        Assert.Equal(source.GetWeights(), target.GetWeights());
        Assert.Equal(
            ["lstm/bias", "lstm/kernel", "lstm/recurrent_kernel", "lstm_1/bias", "lstm_1/kernel", "lstm_1/recurrent_kernel", "time_distributed/bias", "time_distributed/kernel"],
            Npz.Read(path).Keys.Order());
    }

    [Fact]
    public void Early_stopping_with_restore_puts_back_the_best_weights()
    {
        var model = new Sequential(seed: 12);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(4));
        model.Add(new Dense(1));
        // A learning rate far too high makes the validation loss rise after the first epochs.
        model.Compile(new Sgd(3f), new Mse());
        var x = TestData.Uniform(13, 20, 3, 1);
        var y = TestData.Uniform(14, 20, 1);
        var stop = new EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true);

        var history = model.Fit(x, y, epochs: 50, batchSize: 4, validationSplit: 0.25f, callbacks: [stop]);

        Assert.True(stop.StoppedEpoch > 0, "training should have stopped early");
        Assert.Equal(stop.StoppedEpoch + 1, history.Epochs);
        Assert.Equal(history.ValLoss.Min(), stop.Best);
        // Relative: the best loss may be large, and batch averaging may round its last digits differently.
        Assert.Equal(stop.Best, model.Evaluate(x.Slice(15, 5), y.Slice(15, 5)), tolerance: Math.Abs(stop.Best) * 1e-5);
    }
}
