namespace LstmActors.Engine.Optimizers;

/// <summary>Keras' decay schedules: an initial rate changed by decay_rate every decay_steps, smoothly or (staircase) in whole steps.</summary>
public abstract class DecaySchedule : LearningRateSchedule
{
    /// <summary>Checks and keeps the arguments.</summary>
    protected DecaySchedule(float initialLearningRate, long decaySteps, float decayRate, bool staircase)
    {
        if (!(initialLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(initialLearningRate), $"Initial learning rate must be positive, got {initialLearningRate}.");
        if (decaySteps <= 0) throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "decaySteps must be positive.");
        if (!(decayRate > 0)) throw new ArgumentOutOfRangeException(nameof(decayRate), $"decayRate must be positive, got {decayRate}.");
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        DecayRate = decayRate;
        Staircase = staircase;
    }

    /// <summary>The rate at step 0.</summary>
    public float InitialLearningRate { get; }

    /// <summary>Steps per unit of decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The decay factor.</summary>
    public float DecayRate { get; }

    /// <summary>Whether step / decaySteps is floored (the rate changes every decaySteps).</summary>
    public bool Staircase { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase ? 1 : 0,
    };

    /// <inheritdoc />
    public override float At(long step)
    {
        double p = (double)step / DecaySteps;
        return (float)Decay(InitialLearningRate, DecayRate, Staircase ? Math.Floor(p) : p);
    }

    /// <summary>The rate after <paramref name="p"/> units of decay.</summary>
    protected abstract double Decay(double initial, double rate, double p);
}
