using LstmActors.Engine.Optimizers;

namespace LstmActors.Grains.Models;

/// <summary>The optimizer a model grain steps with: a Keras name, learning rate and optional global gradient clipping.</summary>
/// <param name="Name">Keras optimizer name: adam, sgd or rmsprop.</param>
/// <param name="LearningRate">Step size.</param>
/// <param name="GlobalClipNorm">Joint gradient norm limit, or null for none.</param>
public sealed record OptimizerSettings(string Name, float LearningRate, float? GlobalClipNorm)
{
    /// <summary>Creates the engine optimizer these settings describe.</summary>
    public Optimizer Create()
    {
        var config = new Dictionary<string, double> { ["learning_rate"] = LearningRate };
        if (GlobalClipNorm is float clip) config["global_clipnorm"] = clip;
        return Optimizer.FromConfig(Name, config);
    }
}
