using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>
/// Gaussian negative log-likelihood, as DeepAR trains its scale head and PyTorch's <c>GaussianNLLLoss</c> reduces it
/// (the mean over every element, without the constant): the output's last axis holds the P means, then P raw scales,
/// σ = softplus(raw) + <see cref="MinimumScale"/>, and the target holds the P values. Per element
/// ½·(log σ² + (target − mean)² / σ²), weighted by σ^(2β) held constant (β-NLL, Seitzer et al. 2022): β = 0 is the
/// plain likelihood, whose mean gradient 1/σ² starves the elements it finds noisy; β = 1 gives the means the squared
/// error's gradient and leaves the scales to the likelihood.
/// </summary>
/// <param name="beta">β in [0, 1]; 0 (the default) is PyTorch's <c>GaussianNLLLoss</c>.</param>
public sealed class GaussianNll(float beta = 0f) : Loss
{
    /// <summary>β of β-NLL: 0 is the plain negative log-likelihood.</summary>
    public float Beta { get; } = beta is >= 0f and <= 1f ? beta : throw new ArgumentOutOfRangeException(nameof(beta), beta, "Loss gaussian_nll: beta must be between 0 and 1.");

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["beta"] = Beta };

    /// <summary>The smallest σ, so a scale never collapses to zero on a run of exact predictions.</summary>
    public const float MinimumScale = 1e-3f;

    /// <inheritdoc />
    public override string Name => "gaussian_nll";

    /// <summary>σ from a raw scale output.</summary>
    public static float Scale(float raw) => Softplus(raw) + MinimumScale;

    /// <inheritdoc />
    public override IReadOnlyList<int> TargetShape(IReadOnlyList<int> outputShape)
    {
        if (outputShape.Count == 0 || outputShape[^1] % 2 != 0)
            throw new ArgumentException($"Loss gaussian_nll needs an output whose last axis holds means then scales (an even width); the model's output is ({string.Join(", ", outputShape)}).");
        return [.. outputShape.Take(outputShape.Count - 1), outputShape[^1] / 2];
    }

    /// <inheritdoc />
    public override float Compute(Tensor prediction, Tensor target) => Run(prediction, target, []);

    /// <inheritdoc />
    public override float Gradient(Tensor prediction, Tensor target, Span<float> gradient) => Run(prediction, target, gradient);

    private float Run(Tensor prediction, Tensor target, Span<float> gradient)
    {
        var expected = TargetShape(prediction.Shape);
        if (!expected.SequenceEqual(target.Shape))
            throw new ArgumentException($"Target shape {target.ShapeText} does not match the model output shape {prediction.ShapeText} for gaussian_nll: the target takes the means' half of the last axis, ({string.Join(", ", expected)}).");
        ReadOnlySpan<float> p = prediction.Span, t = target.Span;
        int width = prediction.Shape[^1] / 2, rows = t.Length / Math.Max(width, 1);
        if (t.Length == 0) return 0f;
        float scale = 1f / t.Length;
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < width; j++)
            {
                int at = r * 2 * width + j;
                float raw = p[at + width], sigma = Scale(raw), error = t[r * width + j] - p[at];
                float variance = sigma * sigma, weight = Beta == 0f ? 1f : MathF.Pow(variance, Beta);
                sum += weight * 0.5 * (Math.Log(variance) + (double)error * error / variance);
                if (gradient.IsEmpty) continue;
                gradient[at] = -error / variance * weight * scale;
                // dσ/draw is softplus' derivative, the logistic function.
                gradient[at + width] = (1 / sigma - error * error / (variance * sigma)) / (1 + MathF.Exp(-raw)) * weight * scale;
            }
        }
        return (float)(sum / t.Length);
    }

    private static float Softplus(float x) => x > 20 ? x : MathF.Log(1 + MathF.Exp(x));
}
