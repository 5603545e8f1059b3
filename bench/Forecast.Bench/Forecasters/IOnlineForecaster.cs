namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>A one-step-ahead forecaster of one series that learns online, from past values only.</summary>
public interface IOnlineForecaster
{
    /// <summary>The forecast of the value after <paramref name="history"/> (which holds at least one value).</summary>
    double Predict(IReadOnlyList<double> history);

    /// <summary>Learns from the value just observed, the last of <paramref name="history"/>, after it was predicted.</summary>
    void Learn(IReadOnlyList<double> history);
}
