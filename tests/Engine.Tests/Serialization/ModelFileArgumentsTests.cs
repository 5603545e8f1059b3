using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Regularizers;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Serialization;

/// <summary>The model file keeps the Keras arguments: initializers, regularizers, constraints, Embedding, Activation, crossentropy, amsgrad, schedules.</summary>
public sealed class ModelFileArgumentsTests
{
    [Fact]
    public void Every_new_argument_survives_save_and_load_and_training_continues_identically()
    {
        var model = new Sequential(seed: 5);
        model.Add(new Input(4));
        model.Add(new Embedding(6, 3, embeddingsRegularizer: new L2(0.02f), embeddingsConstraint: new MaxNorm(1.5f)));
        model.Add(new Lstm(4, returnSequences: true, kernelInitializer: "he_normal", recurrentInitializer: new Orthogonal(0.5f),
            biasInitializer: new RandomUniform(-0.1f, 0.1f), kernelRegularizer: new L1L2(0.001f, 0.002f), recurrentRegularizer: "l2",
            biasRegularizer: "l1", activityRegularizer: new L2(0.003f), kernelConstraint: new MinMaxNorm(0.1f, 0.9f, 0.5f, axis: 1),
            recurrentConstraint: "unit_norm", biasConstraint: "non_neg", unroll: true, implementation: 1));
        model.Add(new Dense(5, kernelRegularizer: "l1", activityRegularizer: "l1_l2", biasConstraint: new MaxNorm(0.3f)));
        model.Add(new ActivationLayer("softmax"));
        model.Compile(new Adam(new ExponentialDecay(0.01f, 3, 0.8f, staircase: true), amsgrad: true, decay: 0.05f),
            new SparseCategoricalCrossentropy());
        var x = Tensor.FromRows([[0f, 5f, 2f, 2f], [3f, 1f, 4f, 0f]]);
        var y = Tensor.FromRows([[1f, 4f, 0f, 2f], [3f, 3f, 1f, 0f]]);
        model.TrainOnBatch(x, y);
        model.TrainOnBatch(x, y);

        var loaded = RoundTrip(model);

        var lstm = (Lstm)loaded.Layers[1];
        Assert.Equal(["he_normal", "orthogonal", "random_uniform"], new[] { lstm.KernelInitializer.Name, lstm.RecurrentInitializer.Name, lstm.BiasInitializer.Name });
        Assert.Equal(0.5f, ((Orthogonal)lstm.RecurrentInitializer).Gain);
        Assert.Equal(0.002f, ((L1L2)lstm.KernelRegularizer!).L2Factor);
        Assert.Equal("l2", lstm.RecurrentRegularizer!.Name);
        Assert.Equal(0.003f, ((L2)lstm.ActivityRegularizer!).L2Factor);
        var minMax = (MinMaxNorm)lstm.KernelConstraint!;
        Assert.Equal((0.1f, 0.9f, 0.5f, 1), (minMax.MinValue, minMax.MaxValue, minMax.Rate, minMax.Axis));
        Assert.Equal(["unit_norm", "non_neg"], new[] { lstm.RecurrentConstraint!.Name, lstm.BiasConstraint!.Name });
        Assert.True(lstm.Unroll);
        Assert.Equal(1, lstm.Implementation);
        var embedding = (Embedding)loaded.Layers[0];
        Assert.Equal((6, 3, 1.5f), (embedding.InputDim, embedding.OutputDim, ((MaxNorm)embedding.EmbeddingsConstraint!).MaxValue));
        Assert.Equal(Engine.Activations.Activation.Softmax, ((ActivationLayer)loaded.Layers[3]).Activation);
        var adam = (Adam)loaded.Optimizer!;
        Assert.True(adam.Amsgrad);
        Assert.Equal(0.05f, adam.Decay);
        Assert.True(((ExponentialDecay)adam.Schedule).Staircase);
        Assert.Equal(model.Optimizer!.LearningRate, adam.LearningRate);
        Assert.IsType<SparseCategoricalCrossentropy>(loaded.Loss);

        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Evaluate(x, y), loaded.Evaluate(x, y));
        model.TrainOnBatch(x, y);
        loaded.TrainOnBatch(x, y);
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
    }

    [Fact]
    public void Crossentropy_from_logits_and_categorical_survive()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(2));
        model.Add(new Dense(3, kernelInitializer: "ones"));
        model.Compile(new Sgd(0.1f), new CategoricalCrossentropy(fromLogits: true));

        var loaded = RoundTrip(model);

        Assert.True(((CategoricalCrossentropy)loaded.Loss!).FromLogits);
        Assert.Equal("ones", ((Dense)loaded.Layers[0]).KernelInitializer.Name);
    }
}
