namespace LstmActors.Grains.Simulation;

/// <summary>A sine wave with a seeded period, phase, amplitude and offset, plus a little noise; feature "value".</summary>
public sealed class SineSeries : SyntheticSeries
{
    private readonly double _period, _phase, _amplitude, _offset;
    private long _t;

    /// <summary>A sine wave with seeded shape.</summary>
    public SineSeries(int seed) : base(seed)
    {
        _period = Uniform(12, 40);
        _phase = Uniform(0, 2 * Math.PI);
        _amplitude = Math.Exp(Uniform(Math.Log(0.5), Math.Log(200)));
        _offset = Uniform(-100, 100);
    }

    /// <inheritdoc />
    public override string Kind => "sine";

    /// <inheritdoc />
    public override IReadOnlyList<string> Features { get; } = ["value"];

    /// <inheritdoc />
    public override float[] Next()
    {
        double value = _offset + _amplitude * Math.Sin(2 * Math.PI * _t++ / _period + _phase) + 0.01 * _amplitude * Normal();
        return [(float)value];
    }
}
