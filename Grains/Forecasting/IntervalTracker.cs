namespace LstmActors.Grains.Forecasting;

/// <summary>
/// A series' prediction interval at a given coverage (80% for the forecasts, 99% for anomalies), learnt online from its
/// own errors (in change units). Its ends are multiples of
/// the mean absolute error, which follows the series from its first errors on (a running mean, then a moving one), so
/// a well-predicted series gets a narrow interval at once and a series that turns volatile a wide one. The multiples
/// are the quantiles of error ÷ mean error at the interval's ends (10% and 90% for 80%), each tracked by a step of the
/// pinball loss per outcome taken on its logarithm, so an end that must grow tenfold (rare, large errors among many
/// small ones) gets there in a few outcomes, and over time the outcomes fall outside as often as the coverage says,
/// whatever the shape of the errors (the steps outward and inward balance only at that rate).
/// State per predicted feature: the lower end's multiple (as a magnitude), the upper end's, mean absolute error, errors seen.
/// </summary>
internal sealed class IntervalTracker
{
    /// <summary>Floats of state per predicted feature.</summary>
    public const int StateLength = 4;

    private const float Rate = 0.1f;
    private const float MeanWeight = 0.05f;
    private const float MinimumMultiple = 0.01f;

    private readonly float _coverage, _tail, _outward, _inward;

    /// <summary>A tracker of intervals of <paramref name="coverage"/> (0.8: 80%).</summary>
    public IntervalTracker(float coverage)
    {
        _coverage = coverage;
        _tail = (1 - coverage) / 2;
        // A rare tail moves its end rarely: steps grow as the tail thins, so a 99% interval settles as fast as an 80% one would.
        float rate = Rate * MathF.Sqrt(0.1f / _tail);
        _outward = MathF.Exp(rate * (1 - _tail));
        _inward = MathF.Exp(-rate * _tail);
    }

    /// <summary>The forecasts' 80% intervals.</summary>
    public static IntervalTracker Forecast { get; } = new(0.8f);

    /// <summary>The interval before any outcome: that of normal errors of one change unit (80%: ±1.28σ = ±1.6 mean errors).</summary>
    public void Start(Span<float> state)
    {
        // σ = mean absolute error × √(π/2) for normal errors.
        float multiple = (float)(InverseNormal(0.5 + _coverage / 2) * Math.Sqrt(Math.PI / 2));
        for (int i = 0; i < state.Length; i += StateLength)
        {
            state[i] = multiple;
            state[i + 1] = multiple;
            state[i + 2] = 0.8f;
            state[i + 3] = 0;
        }
    }

    /// <summary>Learns from the error (outcome − prediction, change units) of feature <paramref name="feature"/>; returns whether it fell inside the interval.</summary>
    public bool Learn(Span<float> state, int feature, float error)
    {
        var s = state.Slice(feature * StateLength, StateLength);
        float lower = -s[0] * s[2], upper = s[1] * s[2];
        bool below = error < lower, above = error > upper;
        s[0] = MathF.Max(MinimumMultiple, s[0] * (below ? _outward : _inward));
        s[1] = MathF.Max(MinimumMultiple, s[1] * (above ? _outward : _inward));
        s[3]++;
        // An error far beyond the usual (the first ticks, before the series' model has learnt) moves the mean by at most 3×.
        s[2] += MathF.Max(1 / s[3], MeanWeight) * (MathF.Min(MathF.Abs(error), 3 * s[2]) - s[2]);
        return !below && !above;
    }

    /// <summary>The lower offset of feature <paramref name="feature"/>'s interval, change units.</summary>
    public static float Lower(ReadOnlySpan<float> state, int feature) => -state[feature * StateLength] * state[feature * StateLength + 2];

    /// <summary>The upper offset of feature <paramref name="feature"/>'s interval, change units.</summary>
    public static float Upper(ReadOnlySpan<float> state, int feature) => state[feature * StateLength + 1] * state[feature * StateLength + 2];

    /// <summary>The standard normal quantile of <paramref name="p"/> (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    private static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -InverseNormal(1 - p);
        double r = p - 0.5, t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
