namespace LstmActors.Engine.Losses;

/// <summary>Keras Huber loss: ½d² where |d| ≤ delta, else delta·(|d| − ½delta).</summary>
public sealed class Huber : ElementwiseLoss
{
    /// <summary>Creates the loss with the quadratic zone half-width <paramref name="delta"/> (Keras default 1).</summary>
    public Huber(float delta = 1f)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), $"Huber delta must be positive, got {delta}.");
        Delta = delta;
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    /// <inheritdoc />
    public override string Name => "huber";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["delta"] = Delta };

    /// <inheritdoc />
    protected override double Element(float difference)
    {
        double a = Math.Abs(difference);
        return a <= Delta ? 0.5 * a * a : Delta * (a - 0.5 * Delta);
    }

    /// <inheritdoc />
    protected override float ElementDerivative(float difference) =>
        Math.Abs(difference) <= Delta ? difference : Delta * MathF.Sign(difference);
}
