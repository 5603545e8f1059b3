namespace LstmActors.Grains.Series;

/// <summary>
/// Per-series feature scaling with running statistics (Welford): every feature is optionally log1p-transformed, then
/// standardized by the running mean and standard deviation of the transformed values seen so far, so a $5 stock and a
/// $3000 index reach the shared network on the same scale. Until two values are seen the deviation is taken as 1.
/// Predicted changes are measured in a second unit, the running root-mean-square of the one-step changes, so a random
/// walk and a sine wave both ask the network for changes of order one.
/// </summary>
internal sealed class FeatureScaler
{
    private readonly bool[] _log;

    /// <summary>A scaler with no values seen; <paramref name="logMask"/> says which features take log1p.</summary>
    public FeatureScaler(bool[] logMask)
    {
        _log = logMask;
        Mean = new double[logMask.Length];
        M2 = new double[logMask.Length];
        Last = new double[logMask.Length];
        ChangeSquares = new double[logMask.Length];
    }

    /// <summary>Values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Running mean of each transformed feature.</summary>
    public double[] Mean { get; }

    /// <summary>Running sum of squared deviations of each transformed feature.</summary>
    public double[] M2 { get; }

    /// <summary>The latest transformed value of each feature.</summary>
    public double[] Last { get; }

    /// <summary>Sum of squared one-step changes of each transformed feature.</summary>
    public double[] ChangeSquares { get; }

    /// <summary>Restores statistics saved from <see cref="Count"/>, <see cref="Mean"/>, <see cref="M2"/>, <see cref="Last"/> and <see cref="ChangeSquares"/>.</summary>
    public void Restore(long count, double[] mean, double[] m2, double[] last, double[] changeSquares)
    {
        if (mean.Length != Mean.Length || m2.Length != M2.Length || last.Length != Last.Length || changeSquares.Length != ChangeSquares.Length)
            throw new InvalidDataException($"Saved scaler has {mean.Length} features, the model has {Mean.Length}.");
        Count = count;
        mean.CopyTo(Mean, 0);
        m2.CopyTo(M2, 0);
        last.CopyTo(Last, 0);
        changeSquares.CopyTo(ChangeSquares, 0);
    }

    /// <summary>The transformed value of feature <paramref name="feature"/> (log1p or as is).</summary>
    public float Transform(int feature, float raw) => _log[feature] ? MathF.Log(1f + raw) : raw;

    /// <summary>The inverse of <see cref="Transform"/>.</summary>
    public float Untransform(int feature, float value) => _log[feature] ? MathF.Exp(value) - 1f : value;

    /// <summary>Whether <paramref name="raw"/> is a value feature <paramref name="feature"/> can take (log1p features must not be negative).</summary>
    public bool Accepts(int feature, float raw) => float.IsFinite(raw) && (!_log[feature] || raw >= 0f);

    /// <summary>Adds one tick's raw features to the statistics.</summary>
    public void Observe(ReadOnlySpan<float> raw)
    {
        Count++;
        for (int j = 0; j < Mean.Length; j++)
        {
            double x = Transform(j, raw[j]);
            if (Count > 1) ChangeSquares[j] += (x - Last[j]) * (x - Last[j]);
            Last[j] = x;
            double delta = x - Mean[j];
            Mean[j] += delta / Count;
            M2[j] += delta * (x - Mean[j]);
        }
    }

    /// <summary>The current standard deviation of transformed feature <paramref name="feature"/>, floored away from zero.</summary>
    public float Deviation(int feature)
    {
        if (Count < 2) return 1f;
        double std = Math.Sqrt(M2[feature] / (Count - 1));
        double floor = 1e-6 * (1 + Math.Abs(Mean[feature]));
        return (float)Math.Max(std, floor);
    }

    /// <summary>
    /// The unit of predicted changes of feature <paramref name="feature"/>: the root-mean-square of its one-step changes
    /// once two are known (the level deviation before), floored away from zero.
    /// </summary>
    public float ChangeScale(int feature)
    {
        long changes = Count - 1;
        if (changes < 2) return Deviation(feature);
        double rms = Math.Sqrt(ChangeSquares[feature] / changes);
        double floor = 1e-6 * (1 + Math.Abs(Mean[feature]));
        return (float)Math.Max(rms, floor);
    }

    /// <summary>Writes the standardized values of the latest tick's transformed features (<see cref="Last"/>) under the current statistics.</summary>
    public void ScaleLatest(Span<float> scaled)
    {
        for (int j = 0; j < Mean.Length; j++) scaled[j] = (float)((Last[j] - Mean[j]) / Deviation(j));
    }
}
