namespace LstmActors.Grains.Forecasting;

/// <summary>
/// A series' 80% prediction interval, learnt online from its own errors (in change units). Its ends are multiples of
/// the mean absolute error, which follows the series from its first errors on (a running mean, then a moving one), so
/// a well-predicted series gets a narrow interval at once and a series that turns volatile a wide one. The multiples
/// are the 10% and 90% quantiles of error ÷ mean error, each tracked by a step of the pinball loss per outcome, so over
/// time one outcome in ten falls below the interval and one in ten above it whatever the shape of the errors.
/// State per predicted feature: lower multiple, upper multiple, mean absolute error, errors seen.
/// </summary>
internal static class IntervalTracker
{
    /// <summary>Floats of state per predicted feature.</summary>
    public const int StateLength = 4;

    /// <summary>The interval's coverage.</summary>
    public const float Coverage = 0.8f;

    private const float Tail = (1 - Coverage) / 2;
    private const float Rate = 0.1f;
    private const float MeanWeight = 0.05f;

    /// <summary>The interval before any outcome: the 80% interval of normal errors (±1.28σ = ±1.6 mean errors) of one change unit.</summary>
    public static void Start(Span<float> state)
    {
        for (int i = 0; i < state.Length; i += StateLength)
        {
            state[i] = -1.6f;
            state[i + 1] = 1.6f;
            state[i + 2] = 0.8f;
            state[i + 3] = 0;
        }
    }

    /// <summary>Learns from the error (outcome − prediction, change units) of feature <paramref name="feature"/>; returns whether it fell inside the interval.</summary>
    public static bool Learn(Span<float> state, int feature, float error)
    {
        var s = state.Slice(feature * StateLength, StateLength);
        float lower = s[0] * s[2], upper = s[1] * s[2];
        bool inside = error >= lower && error <= upper;
        s[0] -= Rate * ((error < lower ? 1 : 0) - Tail);
        s[1] -= Rate * ((error < upper ? 1 : 0) - (1 - Tail));
        s[3]++;
        // An error far beyond the usual (the first ticks, before the series' model has learnt) moves the mean by at most 3×.
        s[2] += MathF.Max(1 / s[3], MeanWeight) * (MathF.Min(MathF.Abs(error), 3 * s[2]) - s[2]);
        return inside;
    }

    /// <summary>The lower offset of feature <paramref name="feature"/>'s interval, change units.</summary>
    public static float Lower(ReadOnlySpan<float> state, int feature) => state[feature * StateLength] * state[feature * StateLength + 2];

    /// <summary>The upper offset of feature <paramref name="feature"/>'s interval, change units.</summary>
    public static float Upper(ReadOnlySpan<float> state, int feature) => state[feature * StateLength + 1] * state[feature * StateLength + 2];
}
