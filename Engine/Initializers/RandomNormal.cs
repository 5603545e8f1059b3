namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>random_normal</c>: N(mean, stddev²), defaults 0 and 0.05.</summary>
public sealed class RandomNormal : NormalInitializer
{
    /// <summary>Creates the initializer.</summary>
    public RandomNormal(float mean = 0f, float stddev = 0.05f) : base(mean, stddev)
    {
    }

    /// <inheritdoc />
    public override string Name => "random_normal";

    /// <inheritdoc />
    protected override void FillCore(Span<float> values, int[] shape, SeededRandom random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)(Mean + Stddev * random.NextNormal());
    }
}
