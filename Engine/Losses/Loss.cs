using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>
/// A Keras regression loss reduced as Keras does ("sum over batch size"): the per-element loss averaged over the
/// last axis, then over every other position — i.e. the mean over all elements.
/// </summary>
public abstract class Loss
{
    /// <summary>Keras name, e.g. "mse".</summary>
    public abstract string Name { get; }

    /// <summary>The mean loss of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    public float Compute(Tensor prediction, Tensor target)
    {
        EnsureSameShape(prediction, target);
        ReadOnlySpan<float> p = prediction.Span, t = target.Span;
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += Element(p[i] - t[i]);
        return p.Length == 0 ? 0f : (float)(sum / p.Length);
    }

    /// <summary>Writes d(mean loss)/d(prediction) into <paramref name="gradient"/> and returns the mean loss.</summary>
    public float Gradient(Tensor prediction, Tensor target, Span<float> gradient)
    {
        EnsureSameShape(prediction, target);
        ReadOnlySpan<float> p = prediction.Span, t = target.Span;
        double sum = 0;
        float scale = 1f / p.Length;
        for (int i = 0; i < p.Length; i++)
        {
            float diff = p[i] - t[i];
            sum += Element(diff);
            gradient[i] = ElementDerivative(diff) * scale;
        }
        return (float)(sum / p.Length);
    }

    /// <summary>Loss of one element as a function of prediction − target.</summary>
    protected abstract double Element(float difference);

    /// <summary>Derivative of <see cref="Element"/> with respect to the prediction.</summary>
    protected abstract float ElementDerivative(float difference);

    /// <summary>The loss for a Keras name: mse / mean_squared_error, mae / mean_absolute_error, huber.</summary>
    public static Loss Parse(string name) => name.ToLowerInvariant() switch
    {
        "mse" or "mean_squared_error" => new Mse(),
        "mae" or "mean_absolute_error" => new Mae(),
        "huber" or "huber_loss" => new Huber(),
        _ => throw new ArgumentException($"Unknown loss '{name}'; known: mse, mae, huber.", nameof(name)),
    };

    private static void EnsureSameShape(Tensor prediction, Tensor target)
    {
        if (!prediction.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException(
                $"Target shape {target.ShapeText} does not match the model output shape {prediction.ShapeText}.");
    }
}
