namespace LstmActors.Grains.Simulation;

/// <summary>A seeded, deterministic generator of one synthetic series: the same seed gives the same ticks.</summary>
public abstract class SyntheticSeries
{
    private readonly Random _random;
    private double? _spare;

    /// <summary>Starts the generator's random sequence at <paramref name="seed"/>.</summary>
    protected SyntheticSeries(int seed) => _random = new Random(seed);

    /// <summary>Kind of series, e.g. "stocks".</summary>
    public abstract string Kind { get; }

    /// <summary>Feature names, in the order <see cref="Next"/> gives them.</summary>
    public abstract IReadOnlyList<string> Features { get; }

    /// <summary>The next tick's feature values.</summary>
    public abstract float[] Next();

    /// <summary>Uniform in [0, 1).</summary>
    protected double Uniform() => _random.NextDouble();

    /// <summary>Uniform in [low, high).</summary>
    protected double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    /// <summary>Standard normal (Box–Muller).</summary>
    protected double Normal()
    {
        if (_spare is double spare)
        {
            _spare = null;
            return spare;
        }
        double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }
}
