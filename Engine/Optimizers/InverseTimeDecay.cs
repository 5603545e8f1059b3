namespace LstmActors.Engine.Optimizers;

/// <summary>Keras <c>InverseTimeDecay</c>: lr = initial / (1 + decay_rate · step / decay_steps), the ratio floored when staircase.</summary>
public sealed class InverseTimeDecay : DecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    public InverseTimeDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false)
        : base(initialLearningRate, decaySteps, decayRate, staircase)
    {
    }

    /// <inheritdoc />
    public override string Name => "InverseTimeDecay";

    /// <inheritdoc />
    protected override double Decay(double initial, double rate, double p) => initial / (1 + rate * p);
}
