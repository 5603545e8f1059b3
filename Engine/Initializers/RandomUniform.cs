namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>random_uniform</c> (also "uniform", Embedding's default): U(minval, maxval), defaults ±0.05.</summary>
public sealed class RandomUniform : Initializer
{
    /// <summary>Creates the initializer.</summary>
    public RandomUniform(float minval = -0.05f, float maxval = 0.05f)
    {
        if (!(maxval > minval)) throw new ArgumentOutOfRangeException(nameof(maxval), $"random_uniform needs minval < maxval, got {minval} and {maxval}.");
        Minval = minval;
        Maxval = maxval;
    }

    /// <summary>Lower bound (inclusive).</summary>
    public float Minval { get; }

    /// <summary>Upper bound (exclusive).</summary>
    public float Maxval { get; }

    /// <inheritdoc />
    public override string Name => "random_uniform";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["minval"] = Minval, ["maxval"] = Maxval };

    /// <inheritdoc />
    protected override void FillCore(Span<float> values, int[] shape, SeededRandom random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = random.NextUniform(Minval, Maxval);
    }
}
