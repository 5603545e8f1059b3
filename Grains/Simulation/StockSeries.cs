namespace LstmActors.Grains.Simulation;

/// <summary>
/// A stock as geometric Brownian motion, one OHLCV bar per tick: the bar's path is simulated in sub-steps (open is the
/// previous close with a small gap, high/low the extremes of the path), and volume is log-normal, higher on big moves.
/// </summary>
public sealed class StockSeries : SyntheticSeries
{
    private const int SubSteps = 8;
    private readonly double _drift, _volatility, _baseVolume;
    private double _close;

    /// <summary>A stock starting near <paramref name="startPrice"/>, with per-bar drift and volatility of log returns.</summary>
    public StockSeries(int seed, double startPrice, double drift = 0.0002, double volatility = 0.015) : base(seed)
    {
        _close = startPrice;
        _drift = drift;
        _volatility = volatility;
        _baseVolume = Math.Exp(Uniform(11, 15));
    }

    /// <summary>A stock with a seeded random start price between $5 and $3000.</summary>
    public static StockSeries Random(int seed)
    {
        var scale = new Random(seed ^ 0x5eed);
        return new StockSeries(seed, Math.Exp(scale.NextDouble() * (Math.Log(3000) - Math.Log(5)) + Math.Log(5)),
            drift: (scale.NextDouble() - 0.4) * 0.001, volatility: 0.005 + 0.02 * scale.NextDouble());
    }

    /// <inheritdoc />
    public override string Kind => "stocks";

    /// <inheritdoc />
    public override IReadOnlyList<string> Features { get; } = ["open", "high", "low", "close", "volume"];

    /// <inheritdoc />
    public override float[] Next()
    {
        double open = _close * Math.Exp(0.1 * _volatility * Normal());
        double price = open, high = open, low = open;
        double dt = 1.0 / SubSteps;
        for (int i = 0; i < SubSteps; i++)
        {
            price *= Math.Exp((_drift - 0.5 * _volatility * _volatility) * dt + _volatility * Math.Sqrt(dt) * Normal());
            high = Math.Max(high, price);
            low = Math.Min(low, price);
        }
        _close = price;
        double move = Math.Abs(Math.Log(price / open)) / _volatility;
        double volume = _baseVolume * Math.Exp(0.3 * Normal()) * (1 + move);
        return [(float)open, (float)high, (float)low, (float)price, (float)Math.Round(volume)];
    }
}
