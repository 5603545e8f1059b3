namespace LstmActors.Engine.Optimizers;

/// <summary>
/// Keras <c>LearningRateSchedule</c>: the learning rate as a function of the optimizer step (its iterations before
/// the update, from 0). A plain number converts to a <see cref="ConstantLearningRate"/>, so <c>new Adam(0.01f)</c>
/// and <c>new Adam(new ExponentialDecay(0.01f, 100, 0.9f))</c> both read as in Keras.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>Keras class name, e.g. "ExponentialDecay".</summary>
    public abstract string Name { get; }

    /// <summary>Arguments by Keras name, for saving.</summary>
    public abstract IReadOnlyDictionary<string, double> Config { get; }

    /// <summary>The learning rate for the update made at <paramref name="step"/> (0 for the first).</summary>
    public abstract float At(long step);

    /// <summary>A constant learning rate.</summary>
    public static implicit operator LearningRateSchedule(float learningRate) => new ConstantLearningRate(learningRate);

    /// <summary>Builds a schedule from its Keras class name and <see cref="Config"/>.</summary>
    public static LearningRateSchedule FromConfig(string name, IReadOnlyDictionary<string, double> config)
    {
        double Required(string key) => config.TryGetValue(key, out var v)
            ? v
            : throw new ArgumentException($"Learning-rate schedule {name} lacks '{key}'.", nameof(config));
        bool staircase = config.TryGetValue("staircase", out var s) && s != 0;
        return name switch
        {
            "ExponentialDecay" => new ExponentialDecay((float)Required("initial_learning_rate"), (long)Required("decay_steps"), (float)Required("decay_rate"), staircase),
            "InverseTimeDecay" => new InverseTimeDecay((float)Required("initial_learning_rate"), (long)Required("decay_steps"), (float)Required("decay_rate"), staircase),
            _ => throw new ArgumentException($"Unknown learning-rate schedule '{name}'; known: ExponentialDecay, InverseTimeDecay.", nameof(name)),
        };
    }
}
