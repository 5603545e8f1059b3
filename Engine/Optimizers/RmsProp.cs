namespace LstmActors.Engine.Optimizers;

/// <summary>
/// Keras 3 RMSprop (not centered): v ← ρv + (1 − ρ)g², Δ = lr·g / √(v + ε); with momentum
/// u ← μu + Δ and w ← w − u, else w ← w − Δ.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates RMSprop with Keras defaults (0.001, ρ 0.9, no momentum, ε 1e-7); the learning rate is a number or a schedule.</summary>
    public RmsProp(LearningRateSchedule? learningRate = null, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f,
        float? clipNorm = null, float? globalClipNorm = null, float decay = 0f)
        : base(learningRate ?? 0.001f, clipNorm, globalClipNorm, decay)
    {
        Rho = rho;
        Momentum = momentum;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the squared-gradient average.</summary>
    public float Rho { get; }

    /// <summary>Momentum μ (0 = none).</summary>
    public float Momentum { get; }

    /// <summary>Added to v under the square root.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <inheritdoc />
    protected override int SlotsPerParameter => 2;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config
    {
        get
        {
            var c = BaseConfig();
            c["rho"] = Rho;
            c["momentum"] = Momentum;
            c["epsilon"] = Epsilon;
            return c;
        }
    }

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, Span<float[]> slots, long step, float learningRate)
    {
        float[] v = slots[0], u = slots[1];
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i];
            v[i] = Rho * v[i] + (1 - Rho) * g * g;
            float increment = learningRate * g / MathF.Sqrt(v[i] + Epsilon);
            if (Momentum > 0f)
            {
                u[i] = Momentum * u[i] + increment;
                value[i] -= u[i];
            }
            else
            {
                value[i] -= increment;
            }
        }
    }
}
