namespace LstmActors.Bench.Forecast;

/// <summary>
/// A forecast interval from the empirical quantiles of a forecaster's recent residuals (actual − forecast): the
/// simplest interval that needs no model of the noise.
/// </summary>
public sealed class ResidualInterval(int window, double lower, double upper)
{
    // Fewer residuals than this give quantiles too coarse to be an interval.
    private const int MinResiduals = 10;
    private readonly Queue<double> _residuals = new();

    /// <summary>The interval around <paramref name="forecast"/>, or null while too few residuals are known.</summary>
    public (double Lower, double Upper)? Around(double forecast)
    {
        if (_residuals.Count < MinResiduals) return null;
        var sorted = _residuals.Order().ToArray();
        return (forecast + Quantile(sorted, lower), forecast + Quantile(sorted, upper));
    }

    /// <summary>Adds the residual of the last forecast, forgetting the oldest beyond the window.</summary>
    public void Add(double residual)
    {
        _residuals.Enqueue(residual);
        if (_residuals.Count > window) _residuals.Dequeue();
    }

    // Linear interpolation between order statistics (R's default, type 7).
    private static double Quantile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
