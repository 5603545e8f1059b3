namespace LstmActors.Engine.Optimizers;

/// <summary>
/// Keras SGD: without momentum w ← w − lr·g; with momentum u ← μu − lr·g and w ← w + u,
/// or with Nesterov w ← w + μu − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD (Keras defaults: 0.01, no momentum); the learning rate is a number or a schedule.</summary>
    public Sgd(LearningRateSchedule? learningRate = null, float momentum = 0f, bool nesterov = false,
        float? clipNorm = null, float? globalClipNorm = null, float decay = 0f)
        : base(learningRate ?? 0.01f, clipNorm, globalClipNorm, decay)
    {
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), $"Momentum must be in [0, 1), got {momentum}.");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>Velocity decay μ.</summary>
    public float Momentum { get; }

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override string Name => "sgd";

    /// <inheritdoc />
    protected override int SlotsPerParameter => 1;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config
    {
        get
        {
            var c = BaseConfig();
            c["momentum"] = Momentum;
            c["nesterov"] = Nesterov ? 1 : 0;
            return c;
        }
    }

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, Span<float[]> slots, long step, float learningRate)
    {
        float[] u = slots[0];
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i];
            if (Momentum == 0f)
            {
                value[i] -= learningRate * g;
                continue;
            }
            u[i] = Momentum * u[i] - learningRate * g;
            value[i] += Nesterov ? Momentum * u[i] - learningRate * g : u[i];
        }
    }
}
