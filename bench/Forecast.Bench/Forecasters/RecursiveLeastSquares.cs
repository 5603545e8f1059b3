namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>
/// A linear model trained by recursive least squares with exponential forgetting: after each example its weights
/// minimise the squared error over all examples, the one <c>k</c> steps ago weighted by <c>forgetting^k</c>.
/// </summary>
public sealed class RecursiveLeastSquares
{
    private readonly double _forgetting;
    private readonly double[] _weights;
    private readonly double[,] _inverse;
    private readonly double[] _gain;

    /// <summary>A model of <paramref name="inputs"/> inputs, weights 0, the inverse covariance <paramref name="prior"/>·I.</summary>
    public RecursiveLeastSquares(int inputs, double forgetting, double prior)
    {
        _forgetting = forgetting;
        _weights = new double[inputs];
        _gain = new double[inputs];
        _inverse = new double[inputs, inputs];
        for (int i = 0; i < inputs; i++) _inverse[i, i] = prior;
    }

    /// <summary>The model's output for <paramref name="x"/>.</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        double y = 0;
        for (int i = 0; i < x.Length; i++) y += _weights[i] * x[i];
        return y;
    }

    /// <summary>Learns that <paramref name="x"/> gave <paramref name="target"/>.</summary>
    public void Learn(ReadOnlySpan<double> x, double target)
    {
        int n = _weights.Length;
        Span<double> px = stackalloc double[n];
        double denominator = _forgetting;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += _inverse[i, j] * x[j];
            px[i] = sum;
            denominator += x[i] * sum;
        }
        double error = target - Predict(x);
        for (int i = 0; i < n; i++)
        {
            _gain[i] = px[i] / denominator;
            _weights[i] += _gain[i] * error;
        }
        // P ← (P − k·(Px)ᵀ) / λ, using that P is symmetric (so xᵀP = (Px)ᵀ), and kept symmetric against rounding.
        for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++)
        {
            double value = (_inverse[i, j] - _gain[i] * px[j]) / _forgetting;
            _inverse[i, j] = value;
            _inverse[j, i] = value;
        }
    }
}
