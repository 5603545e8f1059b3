namespace LstmActors.Grains.Forecasting;

/// <summary>
/// Recursive least squares with exponential forgetting over caller-owned spans (a series keeps them in its state): after
/// each example the weights minimise the squared error over all examples, the one <c>k</c> steps ago weighted by
/// <c>forgetting^k</c>.
/// </summary>
internal static class RecursiveLeastSquares
{
    /// <summary>Weights 0 and the inverse covariance <paramref name="prior"/>·I (large: the first examples move the weights freely).</summary>
    public static void Start(Span<double> weights, Span<double> inverse, double prior)
    {
        int n = weights.Length;
        weights.Clear();
        inverse.Clear();
        for (int i = 0; i < n; i++) inverse[i * n + i] = prior;
    }

    /// <summary>The model's output for <paramref name="x"/>.</summary>
    public static double Predict(ReadOnlySpan<double> weights, ReadOnlySpan<double> x)
    {
        double y = 0;
        for (int i = 0; i < x.Length; i++) y += weights[i] * x[i];
        return y;
    }

    /// <summary>Learns that <paramref name="x"/> gave <paramref name="target"/>.</summary>
    public static void Learn(Span<double> weights, Span<double> inverse, ReadOnlySpan<double> x, double target, double forgetting)
    {
        int n = weights.Length;
        Span<double> px = stackalloc double[n];
        Span<double> gain = stackalloc double[n];
        double denominator = forgetting;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += inverse[i * n + j] * x[j];
            px[i] = sum;
            denominator += x[i] * sum;
        }
        double error = target - Predict(weights, x);
        for (int i = 0; i < n; i++)
        {
            gain[i] = px[i] / denominator;
            weights[i] += gain[i] * error;
        }
        // P ← (P − k·(Px)ᵀ) / λ, using that P is symmetric (so xᵀP = (Px)ᵀ), and kept symmetric against rounding.
        for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++)
        {
            double value = (inverse[i * n + j] - gain[i] * px[j]) / forgetting;
            inverse[i * n + j] = value;
            inverse[j * n + i] = value;
        }
    }
}
