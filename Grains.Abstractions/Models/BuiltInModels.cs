namespace LstmActors.Grains.Models;

/// <summary>The models every cluster knows without being told: "stocks" (OHLCV bars) and "tanks" (pressure, temperature).</summary>
public static class BuiltInModels
{
    /// <summary>
    /// Daily-bar stocks: open, high, low, close, volume (log1p), all predicted; 64 units; no per-series autoregression:
    /// prices are close to random walks, where a linear model of the next change has next to nothing to learn (0.98×
    /// the naive error on the bench's OHLCV bars) and would cost each of thousands of series 0.6 µs per tick; so no series inputs either.
    /// </summary>
    public static ModelDefinition Stocks { get; } = ModelDefinition.ForFeatures("stocks", "stocks", ["open", "high", "low", "close", "volume"]) with
    {
        Units = 64,
        Autoregression = false,
        SeriesInputs = false,
    };

    /// <summary>Tanks filling and emptying: pressure and temperature, both predicted; 32 units.</summary>
    public static ModelDefinition Tanks { get; } = ModelDefinition.ForFeatures("tanks", "tanks", ["pressure", "temperature"]);

    /// <summary>All built-in definitions.</summary>
    public static IReadOnlyList<ModelDefinition> All { get; } = [Stocks, Tanks];

    /// <summary>The built-in definition called <paramref name="name"/>, or null.</summary>
    public static ModelDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
