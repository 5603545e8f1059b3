namespace LstmActors.Grains.Simulation;

/// <summary>
/// Half-hourly electricity demand: a seeded daily profile (night trough, morning and evening peaks) that differs on
/// weekdays, Saturdays and Sundays, so it repeats every 48 ticks and every 336; a slow trend; weather as slowly
/// varying noise; sensor noise; and seeded public holidays that look like Sundays. Feature "demand".
/// </summary>
/// <remarks>Tick 0 is 00:00 on a Monday; <see cref="StepsPerDay"/> ticks make a day.</remarks>
public sealed class DemandSeries : SyntheticSeries
{
    /// <summary>Ticks per day (half-hours): the daily period.</summary>
    public const int StepsPerDay = 48;

    /// <summary>Ticks per week: the weekly period.</summary>
    public const int StepsPerWeek = 7 * StepsPerDay;

    // About eight public holidays a year, as in most European countries.
    private const double HolidayChance = 8.0 / 365;
    // Weather moves demand for days: persistence per half-hour (half-life about 3 days) and its steady standard
    // deviation. Metering noise is small: a grid's demand is smooth from one half-hour to the next.
    private const double WeatherPersistence = 0.995, WeatherDeviation = 0.03, Noise = 0.003;

    private readonly double _base, _growthPerWeek, _swing, _morning, _evening, _saturday, _sunday;
    private double _weather;
    private bool _holiday;
    private long _t;

    /// <summary>A demand series with seeded size, trend and profile.</summary>
    public DemandSeries(int seed) : base(seed)
    {
        _base = Math.Exp(Uniform(Math.Log(100), Math.Log(5000)));
        _growthPerWeek = Uniform(-0.002, 0.006);
        _swing = Uniform(0.1, 0.25);
        _morning = Uniform(0.1, 0.3);
        _evening = Uniform(0.2, 0.4);
        _saturday = Uniform(0.8, 0.92);
        _sunday = Uniform(0.7, 0.85);
    }

    /// <inheritdoc />
    public override string Kind => "demand";

    /// <inheritdoc />
    public override IReadOnlyList<string> Features { get; } = ["demand"];

    /// <summary>Whether the day of the last tick <see cref="Next"/> gave is a public holiday.</summary>
    public bool IsHoliday => _holiday;

    /// <inheritdoc />
    public override float[] Next()
    {
        long step = _t++;
        long day = step / StepsPerDay;
        int dayOfWeek = (int)(day % 7); // 0 = Monday
        if (step % StepsPerDay == 0) _holiday = dayOfWeek < 5 && Uniform() < HolidayChance;

        double hour = 24.0 * (step % StepsPerDay) / StepsPerDay;
        bool sundayLike = dayOfWeek == 6 || _holiday;
        // People rise later on rest days, so the morning peak comes later and lower.
        double morningHour = sundayLike || dayOfWeek == 5 ? 10 : 8;
        double morning = (sundayLike ? 0.5 : 1) * _morning * Bump(hour, morningHour, 1.5);
        double profile = 1 + _swing * Math.Cos(2 * Math.PI * (hour - 15) / 24) + morning + _evening * Bump(hour, 18.5, 2);
        double dayFactor = sundayLike ? _sunday : dayOfWeek == 5 ? _saturday : 1;

        _weather = WeatherPersistence * _weather + WeatherDeviation * Math.Sqrt(1 - WeatherPersistence * WeatherPersistence) * Normal();
        double trend = 1 + _growthPerWeek * step / StepsPerWeek;
        double demand = _base * trend * profile * dayFactor * (1 + _weather) * (1 + Noise * Normal());
        return [(float)demand];
    }

    private static double Bump(double hour, double centre, double width)
    {
        double z = (hour - centre) / width;
        return Math.Exp(-0.5 * z * z);
    }
}
