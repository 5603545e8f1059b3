namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>Next = the value one period ago; naive until a period has been seen.</summary>
public sealed class SeasonalNaiveForecaster(int period) : IOnlineForecaster
{
    /// <inheritdoc />
    public double Predict(IReadOnlyList<double> history) => history.Count >= period ? history[^period] : history[^1];

    /// <inheritdoc />
    public void Learn(IReadOnlyList<double> history) { }
}
