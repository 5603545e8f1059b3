using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>A Keras regression loss: a per-element loss of prediction − target, averaged over all elements.</summary>
public abstract class ElementwiseLoss : Loss
{
    /// <inheritdoc />
    public override float Compute(Tensor prediction, Tensor target)
    {
        EnsureSameShape(prediction, target);
        ReadOnlySpan<float> p = prediction.Span, t = target.Span;
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += Element(p[i] - t[i]);
        return p.Length == 0 ? 0f : (float)(sum / p.Length);
    }

    /// <inheritdoc />
    public override float Gradient(Tensor prediction, Tensor target, Span<float> gradient)
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
}
