namespace LstmActors.Engine.Optimizers;

/// <summary>
/// Keras Adam: m ← m + (g − m)(1 − β1), v ← v + (g² − v)(1 − β2),
/// w ← w − α·m / (√v + ε) with α = lr·√(1 − β2ᵗ) / (1 − β1ᵗ); with amsgrad v̂ ← max(v̂, v) takes v's place in the step.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates Adam with Keras defaults (0.001, 0.9, 0.999, 1e-7, no amsgrad); the learning rate is a number or a schedule.</summary>
    public Adam(LearningRateSchedule? learningRate = null, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f,
        float? clipNorm = null, float? globalClipNorm = null, bool amsgrad = false, float decay = 0f)
        : base(learningRate ?? 0.001f, clipNorm, globalClipNorm, decay)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Amsgrad = amsgrad;
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to √v.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the step uses the running maximum of v (AMSGrad).</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc />
    public override string Name => "adam";

    /// <inheritdoc />
    protected override int SlotsPerParameter => Amsgrad ? 3 : 2;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config
    {
        get
        {
            var c = BaseConfig();
            c["beta_1"] = Beta1;
            c["beta_2"] = Beta2;
            c["epsilon"] = Epsilon;
            if (Amsgrad) c["amsgrad"] = 1;
            return c;
        }
    }

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, Span<float[]> slots, long step, float learningRate)
    {
        float[] m = slots[0], v = slots[1];
        float[] vHat = Amsgrad ? slots[2] : v;
        float alpha = (float)(learningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)));
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i];
            m[i] += (g - m[i]) * (1 - Beta1);
            v[i] += (g * g - v[i]) * (1 - Beta2);
            vHat[i] = MathF.Max(vHat[i], v[i]);
            value[i] -= alpha * m[i] / (MathF.Sqrt(vHat[i]) + Epsilon);
        }
    }
}
