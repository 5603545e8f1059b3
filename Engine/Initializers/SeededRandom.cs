namespace LstmActors.Engine.Initializers;

/// <summary>
/// The one source of randomness of a model (initial weights, shuffling, dropout masks): the same seed gives the
/// same sequence, so the same seed gives the same model and the same training run.
/// </summary>
public sealed class SeededRandom
{
    private readonly Random _random;
    private double? _spareNormal;

    /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
    public SeededRandom(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
    }

    /// <summary>The seed this sequence started from.</summary>
    public int Seed { get; }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public float NextUniform(float low, float high) => (float)(low + (high - low) * _random.NextDouble());

    /// <summary>Standard normal (Box–Muller, pairs cached).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="values"/> in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>An independent generator seeded from this one (so one model seed drives every layer).</summary>
    public SeededRandom Derive() => new(_random.Next());
}
