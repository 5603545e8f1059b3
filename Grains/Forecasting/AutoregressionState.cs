namespace LstmActors.Grains.Forecasting;

/// <summary>A series' <see cref="Autoregression"/>, as stored with the series: one linear model per predicted feature.</summary>
[GenerateSerializer, Alias("lstmactors.AutoregressionState")]
public sealed class AutoregressionState
{
    /// <summary>The seasonal periods in use; null until known (from the model, from the second tick's time, or detected later).</summary>
    [Id(0)]
    public int[]? Periods { get; set; }

    /// <summary>Values seen (transformed, per predicted feature).</summary>
    [Id(1)]
    public long Count { get; set; }

    /// <summary>Time of the latest tick.</summary>
    [Id(2)]
    public DateTimeOffset LastTime { get; set; }

    /// <summary>The latest values, kept until the periods are known (P).</summary>
    [Id(3)]
    public double[] Last { get; set; } = [];

    /// <summary>The recent values, (P, <see cref="Autoregression.HistoryLength"/>) as rings indexed by tick count.</summary>
    [Id(4)]
    public double[] History { get; set; } = [];

    /// <summary>Weights, (P, inputs).</summary>
    [Id(5)]
    public double[] Weights { get; set; } = [];

    /// <summary>Inverse covariances, (P, inputs, inputs).</summary>
    [Id(6)]
    public double[] Inverse { get; set; } = [];

    /// <summary>The inputs of the pending prediction, (P, inputs): learnt from when the next tick tells its outcome.</summary>
    [Id(7)]
    public double[] Inputs { get; set; } = [];

    /// <summary>Whether a prediction is pending.</summary>
    [Id(8)]
    public bool Pending { get; set; }

    /// <summary>The first values (P, <see cref="SeasonDetection.Values"/>) while its season is being detected; empty otherwise.</summary>
    [Id(9)]
    public double[] Early { get; set; } = [];

    /// <summary>Changes learnt from since the model was last sized (a detected season starts it afresh).</summary>
    [Id(10)]
    public long Learnt { get; set; }

    /// <summary>The ticks' spacing when the periods come from the calendar (their phase is then the calendar's); zero otherwise.</summary>
    [Id(11)]
    public TimeSpan CalendarSpacing { get; set; }

    /// <summary>A deep copy (a forecast runs the model ahead on one).</summary>
    public AutoregressionState Clone() => new()
    {
        Periods = Periods,
        Count = Count,
        LastTime = LastTime,
        Last = (double[])Last.Clone(),
        History = (double[])History.Clone(),
        Weights = (double[])Weights.Clone(),
        Inverse = (double[])Inverse.Clone(),
        Inputs = (double[])Inputs.Clone(),
        Pending = Pending,
        Early = (double[])Early.Clone(),
        Learnt = Learnt,
        CalendarSpacing = CalendarSpacing,
    };
}
