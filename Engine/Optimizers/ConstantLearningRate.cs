namespace LstmActors.Engine.Optimizers;

/// <summary>A fixed learning rate (Keras' plain float <c>learning_rate</c>).</summary>
public sealed class ConstantLearningRate : LearningRateSchedule
{
    /// <summary>Creates the rate; it must be positive.</summary>
    public ConstantLearningRate(float value)
    {
        if (!(value > 0) || !float.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), $"Learning rate must be positive, got {value}.");
        Value = value;
    }

    /// <summary>The rate.</summary>
    public float Value { get; }

    /// <inheritdoc />
    public override string Name => "Constant";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["learning_rate"] = Value };

    /// <inheritdoc />
    public override float At(long step) => Value;
}
