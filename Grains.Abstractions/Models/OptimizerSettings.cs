namespace LstmActors.Grains.Models;

/// <summary>The optimizer a model grain steps with: a Keras name, learning rate and optional global gradient clipping.</summary>
/// <param name="Name">Keras optimizer name: adam, sgd or rmsprop.</param>
/// <param name="LearningRate">Step size.</param>
/// <param name="GlobalClipNorm">Joint gradient norm limit, or null for none.</param>
[GenerateSerializer, Alias("lstmactors.OptimizerSettings")]
public sealed record OptimizerSettings(string Name, float LearningRate, float? GlobalClipNorm)
{
    /// <summary>The Keras optimizer names the engine steps with.</summary>
    public static IReadOnlyList<string> Known { get; } = ["adam", "sgd", "rmsprop"];
}
