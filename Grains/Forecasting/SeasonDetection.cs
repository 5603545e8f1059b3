namespace LstmActors.Grains.Forecasting;

/// <summary>
/// Finds a series' seasonal period from the autocorrelation of its first changes, for series whose ticks carry no
/// calendar (step numbers, or yearly ticks): after 48, 96 and 192 changes it looks at lags 2 … a third of them (at
/// most 64). A lag is a season when the autocorrelation (averaged over the predicted features, each lag's estimate per
/// product so late peaks are not shrunk) has a local peak there above <see cref="Threshold"/>, after first falling to
/// zero (before that it is only smoothness); of such peaks the first one within <see cref="Near"/> of the highest wins,
/// since multiples of a period peak about as high. One rule for every series: in 2,000 random walks none was taken at
/// any check, while co2, AirPassengers and USAccDeaths show 12 at 48 changes, UKgas 4, lynx 9 at 96, and an undated
/// half-hourly demand series 48 at 192.
/// </summary>
public static class SeasonDetection
{
    /// <summary>The change counts at which detection looks, in order; the values kept are one more than the last.</summary>
    public static ReadOnlySpan<int> Checks => [48, 96, 192];

    /// <summary>Values kept per feature while detecting.</summary>
    public const int Values = 193;

    /// <summary>The smallest autocorrelation ever taken as a season.</summary>
    public const double Threshold = 0.4;

    /// <summary>The threshold is this over √changes when that is higher (0.65 at 48 changes, 0.46 at 96): few changes give noisier estimates.</summary>
    public const double Scale = 4.5;

    /// <summary>A peak this near the highest one is taken if it comes first.</summary>
    public const double Near = 0.9;

    /// <summary>
    /// The period in the first <paramref name="changes"/> changes of the values kept for <paramref name="features"/>
    /// features (<paramref name="values"/>: (features, <see cref="Values"/>)), or 0 when none stands out.
    /// </summary>
    public static int Detect(ReadOnlySpan<double> values, int features, int changes, out double autocorrelation)
    {
        int maxLag = Math.Min(changes / 3, 64);
        Span<double> r = stackalloc double[maxLag + 2];
        Accumulate(values, features, changes, maxLag, 1, r);
        return Season(r, maxLag, changes, out autocorrelation);
    }

    /// <summary>
    /// The period of a kind of series from their first changes pooled: each series' autocorrelation (as
    /// <see cref="Detect"/> computes it) weighted by its changes, judged by the same rule with the threshold of all the
    /// changes together, so short series that alone cannot show their season show it together. <paramref name="series"/>:
    /// per series its values kept as <see cref="Detect"/> takes them, and how many changes of them to use (up to
    /// <see cref="Values"/> − 1). 0 when none stands out, or when a series has fewer than 6 changes.
    /// </summary>
    public static int DetectPooled(IReadOnlyList<(double[] Values, int Changes)> series, int features, out double autocorrelation)
    {
        autocorrelation = 0;
        if (series.Count == 0 || series.Any(s => s.Changes < 6 || s.Changes >= Values)) return 0;
        int maxLag = Math.Min(series.Min(s => s.Changes) / 3, 64);
        long total = series.Sum(s => (long)s.Changes);
        Span<double> r = stackalloc double[maxLag + 2];
        foreach (var (values, changes) in series) Accumulate(values, features, changes, maxLag, (double)changes / total, r);
        return Season(r, maxLag, (int)Math.Min(total, int.MaxValue), out autocorrelation);
    }

    /// <summary>Adds <paramref name="weight"/> × the autocorrelation of lags 1 … <paramref name="maxLag"/> + 1 of one series' first changes, averaged over its features, to <paramref name="r"/>.</summary>
    private static void Accumulate(ReadOnlySpan<double> values, int features, int changes, int maxLag, double weight, Span<double> r)
    {
        Span<double> centred = changes <= 256 ? stackalloc double[changes] : new double[changes];
        for (int i = 0; i < features; i++)
        {
            var x = values.Slice(i * Values, changes + 1);
            double mean = (x[changes] - x[0]) / changes, energy = 0;
            for (int t = 0; t < changes; t++)
            {
                centred[t] = x[t + 1] - x[t] - mean;
                energy += centred[t] * centred[t];
            }
            if (energy == 0) continue;
            for (int lag = 1; lag <= maxLag + 1; lag++)
            {
                double sum = 0;
                for (int t = lag; t < changes; t++) sum += centred[t] * centred[t - lag];
                // Per term, so the estimate at a long lag is not shrunk by its fewer products (which would pull a peak early).
                r[lag] += weight * sum / (changes - lag) / (energy / changes) / features;
            }
        }
    }

    /// <summary>The season an autocorrelation estimated from <paramref name="changes"/> changes shows, or 0.</summary>
    private static int Season(ReadOnlySpan<double> r, int maxLag, int changes, out double autocorrelation)
    {
        // A season's peak comes after the autocorrelation has first fallen to zero: before that it is only smoothness.
        int start = 1;
        while (start <= maxLag && r[start] > 0) start++;
        double threshold = Math.Max(Threshold, Scale / Math.Sqrt(changes)), highest = 0;
        for (int lag = Math.Max(2, start + 1); lag <= maxLag; lag++)
        {
            if (IsPeak(r, lag, threshold)) highest = Math.Max(highest, r[lag]);
        }
        // Multiples of a period peak about as high as the period itself: the first peak near the highest is the season.
        int best = 0;
        for (int lag = Math.Max(2, start + 1); lag <= maxLag && best == 0; lag++)
        {
            if (IsPeak(r, lag, threshold) && r[lag] >= Near * highest) best = lag;
        }
        // A long period's peak is broad, and noise puts small peaks on it: the highest point near the one found is the period.
        int found = best;
        for (int lag = found - found / 8; lag <= Math.Min(maxLag, found + found / 8) && found > 0; lag++)
        {
            if (r[lag] > r[best]) best = lag;
        }
        autocorrelation = best > 0 ? r[best] : 0;
        return best;
    }

    private static bool IsPeak(ReadOnlySpan<double> r, int lag, double threshold) => r[lag] > threshold && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1];
}
