using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;

namespace LstmActors.Grains.Models;

/// <summary>
/// The engine network of a model definition: <c>Layers</c> LSTM or GRU layers returning sequences, then a Dense head giving the
/// scaled change of every predicted feature at every step (and with <see cref="ModelDefinition.ScaleHead"/> its raw scale, trained by
/// Gaussian negative log-likelihood with β = 1, so the means learn as by squared error while the scales learn the likelihood; MSE otherwise). Its flat weights (<see cref="Model.GetWeights"/>) are a model version.
/// </summary>
public static class ModelNetwork
{
    /// <summary>Builds and compiles the network for inputs of <paramref name="timesteps"/> steps; weights from the definition's seed.</summary>
    public static Sequential Build(ModelDefinition definition, int timesteps)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var model = new Sequential(definition.Seed, definition.Name);
        model.Add(new Input(timesteps, definition.InputWidth));
        for (int i = 0; i < definition.Layers; i++)
            model.Add(definition.Cell == RecurrentCell.Gru ? new Gru(definition.Units, returnSequences: true) : new Lstm(definition.Units, returnSequences: true));
        model.Add(new Dense(definition.OutputWidth));
        model.Compile(Optimizer(definition.Optimizer), definition.ScaleHead ? new GaussianNll(beta: 1f) : new Mse());
        return model;
    }

    /// <summary>The engine optimizer <paramref name="settings"/> describe.</summary>
    public static Optimizer Optimizer(OptimizerSettings settings)
    {
        var config = new Dictionary<string, double> { ["learning_rate"] = settings.LearningRate };
        if (settings.GlobalClipNorm is float clip) config["global_clipnorm"] = clip;
        return Engine.Optimizers.Optimizer.FromConfig(settings.Name, config);
    }

    /// <summary>The initial weights (version 1) of a definition.</summary>
    public static float[] InitialWeights(ModelDefinition definition) => Build(definition, 1).GetWeights();
}
