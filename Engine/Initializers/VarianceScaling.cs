namespace LstmActors.Engine.Initializers;

/// <summary>
/// Keras <c>VarianceScaling</c>: values of variance scale / n, n the fan in, fan out or their mean; drawn uniform in
/// ±√(3·scale/n), or from a normal truncated at two standard deviations and widened so the variance stays scale / n.
/// </summary>
public abstract class VarianceScaling : Initializer
{
    // Standard deviation of a unit normal truncated to [−2, 2]; Keras divides by it.
    private const double TruncatedStddev = 0.87962566103423978;

    /// <summary>Fixes the scale, which fan it divides by and the distribution.</summary>
    protected VarianceScaling(double scale, FanMode mode, bool uniform)
    {
        Scale = scale;
        Mode = mode;
        Uniform = uniform;
    }

    /// <summary>Which fan the variance is divided by.</summary>
    public enum FanMode
    {
        /// <summary>The number of inputs.</summary>
        FanIn,
        /// <summary>The mean of inputs and outputs.</summary>
        FanAvg,
    }

    /// <summary>The variance numerator.</summary>
    public double Scale { get; }

    /// <summary>The fan the variance is divided by.</summary>
    public FanMode Mode { get; }

    /// <summary>Uniform when true, truncated normal when false.</summary>
    public bool Uniform { get; }

    /// <inheritdoc />
    protected override void FillCore(Span<float> values, int[] shape, SeededRandom random)
    {
        var (fanIn, fanOut) = Fans(shape);
        double n = Mode == FanMode.FanIn ? fanIn : (fanIn + fanOut) / 2.0;
        if (Uniform)
        {
            // Rounded to float before the root, as the engine's glorot_uniform always did (same seed, same weights).
            float limit = MathF.Sqrt((float)(3 * Scale / n));
            for (int i = 0; i < values.Length; i++) values[i] = random.NextUniform(-limit, limit);
        }
        else
        {
            TruncatedNormal.Draw(values, 0, Math.Sqrt(Scale / n) / TruncatedStddev, random);
        }
    }
}
