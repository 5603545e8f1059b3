using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>
/// A Keras loss reduced as Keras does ("sum over batch size"): the loss of each position averaged over every
/// position (batch and timesteps).
/// </summary>
public abstract class Loss
{
    /// <summary>Keras name, e.g. "mse".</summary>
    public abstract string Name { get; }

    /// <summary>Arguments by Keras name, for saving (empty when there are none).</summary>
    public virtual IReadOnlyDictionary<string, double> Config => new Dictionary<string, double>();

    /// <summary>The mean loss of <paramref name="prediction"/> against <paramref name="target"/> (shaped as <see cref="TargetShape"/>).</summary>
    public abstract float Compute(Tensor prediction, Tensor target);

    /// <summary>Writes d(mean loss)/d(prediction) into <paramref name="gradient"/> and returns the mean loss.</summary>
    public abstract float Gradient(Tensor prediction, Tensor target, Span<float> gradient);

    /// <summary>The per-sample target shape for a model output shape: the same, unless the loss takes class ids.</summary>
    public virtual IReadOnlyList<int> TargetShape(IReadOnlyList<int> outputShape) => outputShape;

    /// <summary>
    /// The loss for a Keras name: mse / mean_squared_error, mae / mean_absolute_error, huber,
    /// categorical_crossentropy, sparse_categorical_crossentropy, gaussian_nll.
    /// </summary>
    public static Loss Parse(string name) => FromConfig(name.ToLowerInvariant(), new Dictionary<string, double>());

    /// <summary>Builds a loss from its Keras name and <see cref="Config"/>.</summary>
    public static Loss FromConfig(string name, IReadOnlyDictionary<string, double> config)
    {
        bool fromLogits = config.TryGetValue("from_logits", out var logits) && logits != 0;
        return name switch
        {
            "mse" or "mean_squared_error" => new Mse(),
            "mae" or "mean_absolute_error" => new Mae(),
            "huber" or "huber_loss" => new Huber(config.TryGetValue("delta", out var delta) ? (float)delta : 1f),
            "categorical_crossentropy" => new CategoricalCrossentropy(fromLogits),
            "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(fromLogits),
            "gaussian_nll" => new GaussianNll(config.TryGetValue("beta", out var beta) ? (float)beta : 0f),
            _ => throw new ArgumentException(
                $"Unknown loss '{name}'; known: mse, mae, huber, categorical_crossentropy, sparse_categorical_crossentropy, gaussian_nll.", nameof(name)),
        };
    }

    /// <summary>Throws unless the target has the prediction's shape.</summary>
    protected static void EnsureSameShape(Tensor prediction, Tensor target)
    {
        if (!prediction.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException(
                $"Target shape {target.ShapeText} does not match the model output shape {prediction.ShapeText}.");
    }
}
