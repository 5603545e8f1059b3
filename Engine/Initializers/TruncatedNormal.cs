namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>truncated_normal</c>: N(mean, stddev²) with values beyond two standard deviations redrawn; defaults 0 and 0.05.</summary>
public sealed class TruncatedNormal : NormalInitializer
{
    /// <summary>Creates the initializer.</summary>
    public TruncatedNormal(float mean = 0f, float stddev = 0.05f) : base(mean, stddev)
    {
    }

    /// <inheritdoc />
    public override string Name => "truncated_normal";

    /// <inheritdoc />
    protected override void FillCore(Span<float> values, int[] shape, SeededRandom random) => Draw(values, Mean, Stddev, random);

    /// <summary>Fills with mean + stddev·z, z a unit normal redrawn until |z| ≤ 2.</summary>
    internal static void Draw(Span<float> values, double mean, double stddev, SeededRandom random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double z;
            do z = random.NextNormal(); while (Math.Abs(z) > 2);
            values[i] = (float)(mean + stddev * z);
        }
    }
}
