namespace LstmActors.Engine.Optimizers;

/// <summary>Keras <c>ExponentialDecay</c>: lr = initial · decay_rate^(step / decay_steps), the exponent floored when staircase.</summary>
public sealed class ExponentialDecay : DecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, decayRate, staircase)
    {
    }

    /// <inheritdoc />
    public override string Name => "ExponentialDecay";

    /// <inheritdoc />
    protected override double Decay(double initial, double rate, double p) => initial * Math.Pow(rate, p);
}
