namespace LstmActors.Grains.Simulation;

/// <summary>A random walk with seeded drift and step size; feature "value". Its drift is the only learnable part.</summary>
public sealed class RandomWalkSeries : SyntheticSeries
{
    private readonly double _drift, _step;
    private double _value;

    /// <summary>A walk with seeded start, drift and step size.</summary>
    public RandomWalkSeries(int seed) : base(seed)
    {
        _step = Math.Exp(Uniform(Math.Log(0.1), Math.Log(10)));
        _drift = Uniform(-1, 1) * _step;
        _value = Uniform(-100, 100);
    }

    /// <inheritdoc />
    public override string Kind => "walk";

    /// <inheritdoc />
    public override IReadOnlyList<string> Features { get; } = ["value"];

    /// <inheritdoc />
    public override float[] Next()
    {
        _value += _drift + _step * Normal();
        return [(float)_value];
    }
}
