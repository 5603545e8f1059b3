namespace LstmActors.Grains.Monitoring;

/// <summary>The silo's instruments as one model records them: every measurement tagged <c>model=&lt;name&gt;</c>.</summary>
internal sealed class ModelMetrics(SiloMetrics silo, string model)
{
    private readonly KeyValuePair<string, object?> _tag = new("model", model);

    /// <summary>A series applied <paramref name="ticks"/> ticks and answered as many predictions.</summary>
    public void Observed(int ticks) => silo.Observed(_tag, ticks);

    /// <summary>A forecast answered <paramref name="steps"/> predictions.</summary>
    public void Forecasted(int steps) => silo.Forecasted(_tag, steps);

    /// <summary>One batched engine call advanced <paramref name="series"/> series; it started at <paramref name="startTimestamp"/>.</summary>
    public void Stepped(int series, long startTimestamp) => silo.Stepped(_tag, series, startTimestamp);

    /// <summary>The model grain took a gradient contribution of windows whose mean loss was <paramref name="meanLoss"/>.</summary>
    public void Contributed(double meanLoss) => silo.Contributed(_tag, meanLoss);
}
