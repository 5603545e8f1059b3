using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>
/// Keras' crossentropy over the last axis (the classes), averaged over the other positions. From probabilities
/// (fromLogits false, Keras' default) each row is divided by its sum and clipped to [ε, 1 − ε], ε = 1e-7, before the
/// log, as Keras does (outside the clip the gradient is zero); from logits it is −Σ t·log_softmax(z).
/// </summary>
public abstract class Crossentropy : Loss
{
    private const float Epsilon = 1e-7f;

    /// <summary>Whether predictions are logits rather than probabilities.</summary>
    protected Crossentropy(bool fromLogits)
    {
        FromLogits = fromLogits;
    }

    /// <summary>Whether predictions are logits (true) or probabilities, e.g. a softmax output (false, Keras' default).</summary>
    public bool FromLogits { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["from_logits"] = FromLogits ? 1 : 0 };

    /// <inheritdoc />
    public override float Compute(Tensor prediction, Tensor target) => Run(prediction, target, []);

    /// <inheritdoc />
    public override float Gradient(Tensor prediction, Tensor target, Span<float> gradient) => Run(prediction, target, gradient);

    /// <summary>Throws unless <paramref name="target"/> fits <paramref name="prediction"/> (shape and values).</summary>
    protected abstract void CheckTarget(Tensor prediction, Tensor target);

    /// <summary>The target probability of class <paramref name="j"/> in row <paramref name="row"/>.</summary>
    protected abstract float Target(ReadOnlySpan<float> target, int row, int classes, int j);

    private float Run(Tensor prediction, Tensor target, Span<float> gradient)
    {
        CheckTarget(prediction, target);
        int classes = prediction.Shape[^1], rows = prediction.Length / classes;
        ReadOnlySpan<float> p = prediction.Span, t = target.Span;
        float scale = 1f / rows;
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = p.Slice(r * classes, classes);
            var dRow = gradient.IsEmpty ? gradient : gradient.Slice(r * classes, classes);
            sum += FromLogits ? LogitsRow(row, t, r, dRow, scale) : ProbabilitiesRow(row, t, r, dRow, scale);
        }
        return (float)(sum / rows);
    }

    private double ProbabilitiesRow(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int r, Span<float> d, float scale)
    {
        int classes = p.Length;
        float total = 0;
        foreach (float v in p) total += v;
        double loss = 0, dot = 0;
        for (int j = 0; j < classes; j++)
        {
            float q = p[j] / total, target = Target(t, r, classes, j);
            float clipped = Math.Clamp(q, Epsilon, 1 - Epsilon);
            loss -= target * Math.Log(clipped);
            if (d.IsEmpty) continue;
            // d(loss)/dq, zero where the clip is active; then through q = p / Σp.
            float dq = q >= Epsilon && q <= 1 - Epsilon ? -target / clipped : 0f;
            d[j] = dq;
            dot += dq * q;
        }
        for (int j = 0; j < d.Length; j++) d[j] = (float)((d[j] - dot) / total) * scale;
        return loss;
    }

    private double LogitsRow(ReadOnlySpan<float> z, ReadOnlySpan<float> t, int r, Span<float> d, float scale)
    {
        int classes = z.Length;
        float max = float.NegativeInfinity;
        foreach (float v in z) max = MathF.Max(max, v);
        double expSum = 0, targetSum = 0, weighted = 0;
        for (int j = 0; j < classes; j++)
        {
            float target = Target(t, r, classes, j);
            expSum += Math.Exp(z[j] - max);
            targetSum += target;
            weighted += target * z[j];
        }
        double logSumExp = max + Math.Log(expSum);
        for (int j = 0; j < d.Length; j++)
            d[j] = (float)(Math.Exp(z[j] - logSumExp) * targetSum - Target(t, r, classes, j)) * scale;
        return targetSum * logSumExp - weighted;
    }
}
