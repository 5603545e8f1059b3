namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>Mean and standard deviation of every value added so far (Welford), for scaling a series online.</summary>
public sealed class RunningMoments
{
    private double _mean, _squares;

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    /// <summary>The mean of the values added.</summary>
    public double Mean => _mean;

    /// <summary>The sample standard deviation; 1 until it is positive, so that scaling by it is always defined.</summary>
    public double Deviation => Count > 1 && _squares > 0 ? Math.Sqrt(_squares / (Count - 1)) : 1;

    /// <summary>Adds <paramref name="value"/>.</summary>
    public void Add(double value)
    {
        Count++;
        double delta = value - _mean;
        _mean += delta / Count;
        _squares += delta * (value - _mean);
    }
}
