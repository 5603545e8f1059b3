namespace LstmActors.Grains.Simulation;

/// <summary>
/// A tank that fills until nearly full, then drains until nearly empty, and again. Pressure at the bottom is
/// atmospheric plus the hydrostatic head of the liquid; the temperature moves toward the warm inflow while filling and
/// toward the ambient air otherwise. Small sensor noise on both.
/// </summary>
public sealed class TankSeries : SyntheticSeries
{
    private const double Atmospheric = 101.325, Gravity = 9.81, Density = 1.0; // kPa, m/s², t/m³ (water)
    private readonly double _height, _inflow, _outflow, _ambient, _inflowTemperature;
    private double _level, _temperature;
    private bool _filling;

    /// <summary>A tank with seeded size, flow rates and temperatures.</summary>
    public TankSeries(int seed) : base(seed)
    {
        _height = Uniform(4, 12);
        _inflow = _height / Uniform(15, 40);
        _outflow = _height / Uniform(20, 50);
        _ambient = Uniform(5, 25);
        _inflowTemperature = _ambient + Uniform(10, 30);
        _level = Uniform(0.1, 0.9) * _height;
        _temperature = _ambient;
        _filling = Uniform() < 0.5;
    }

    /// <inheritdoc />
    public override string Kind => "tanks";

    /// <inheritdoc />
    public override IReadOnlyList<string> Features { get; } = ["pressure", "temperature"];

    /// <inheritdoc />
    public override float[] Next()
    {
        if (_filling && _level >= 0.95 * _height) _filling = false;
        else if (!_filling && _level <= 0.05 * _height) _filling = true;
        _level = Math.Clamp(_level + (_filling ? _inflow : -_outflow), 0, _height);
        double target = _filling ? _inflowTemperature : _ambient;
        _temperature += 0.15 * (target - _temperature);
        double pressure = Atmospheric + Density * Gravity * _level;
        return [(float)(pressure + 0.05 * Normal()), (float)(_temperature + 0.05 * Normal())];
    }
}
