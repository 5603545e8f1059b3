namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>Next = last: the forecast every ratio is divided by.</summary>
public sealed class NaiveForecaster : IOnlineForecaster
{
    /// <inheritdoc />
    public double Predict(IReadOnlyList<double> history) => history[^1];

    /// <inheritdoc />
    public void Learn(IReadOnlyList<double> history) { }
}
