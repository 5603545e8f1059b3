using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Series;

/// <summary>
/// A series grain's durable state: its model, sequence position, carry, scaler statistics, the training window in
/// progress and its running errors. Enough for the series to resume on another silo exactly where it stopped.
/// </summary>
[GenerateSerializer, Alias("lstmactors.SeriesState")]
public sealed class SeriesState
{
    /// <summary>The model the series belongs to, or null before its first tick.</summary>
    [Id(0)]
    public string? Model { get; set; }

    /// <summary>Sequence number of the series' first tick.</summary>
    [Id(1)]
    public long FirstSequence { get; set; }

    /// <summary>Sequence number of the latest applied tick (-1 before any).</summary>
    [Id(2)]
    public long LastSequence { get; set; } = -1;

    /// <summary>Ticks applied.</summary>
    [Id(3)]
    public long TicksSeen { get; set; }

    /// <summary>Time of the latest tick.</summary>
    [Id(4)]
    public DateTimeOffset LastTimestamp { get; set; }

    /// <summary>Weights version of the latest step.</summary>
    [Id(5)]
    public int ModelVersion { get; set; }

    /// <summary>The LSTM carry, layer by layer as [h | c].</summary>
    [Id(6)]
    public float[] Carry { get; set; } = [];

    /// <summary>Scaler: values seen.</summary>
    [Id(7)]
    public long ScalerCount { get; set; }

    /// <summary>Scaler: running means of the transformed features.</summary>
    [Id(8)]
    public double[] ScalerMean { get; set; } = [];

    /// <summary>Scaler: running sums of squared deviations.</summary>
    [Id(9)]
    public double[] ScalerM2 { get; set; } = [];

    /// <summary>Scaler: latest transformed value of each feature.</summary>
    [Id(10)]
    public double[] ScalerLast { get; set; } = [];

    /// <summary>Scaler: sums of squared one-step changes.</summary>
    [Id(11)]
    public double[] ScalerChangeSquares { get; set; } = [];

    /// <summary>Scaled input of the latest tick (F).</summary>
    [Id(12)]
    public float[] LastInput { get; set; } = [];

    /// <summary>Transformed value of each predicted feature at the latest tick (P).</summary>
    [Id(13)]
    public float[] LastBase { get; set; } = [];

    /// <summary>Change scale of each predicted feature at the latest tick (P): the unit of the network's outputs.</summary>
    [Id(14)]
    public float[] LastDeviation { get; set; } = [];

    /// <summary>Network output (scaled predicted changes) at the latest tick (P).</summary>
    [Id(15)]
    public float[] LastOutput { get; set; } = [];

    /// <summary>The latest prediction in original units (P).</summary>
    [Id(16)]
    public float[] LastPrediction { get; set; } = [];

    /// <summary>Training window in progress: scaled inputs (W, F).</summary>
    [Id(17)]
    public float[] WindowInputs { get; set; } = [];

    /// <summary>Training window in progress: targets (W, P); row i is filled when the tick after input i arrives.</summary>
    [Id(18)]
    public float[] WindowTargets { get; set; } = [];

    /// <summary>Training window in progress: the carry before its first input.</summary>
    [Id(19)]
    public float[] WindowCarry { get; set; } = [];

    /// <summary>Sequence number of the window's first input.</summary>
    [Id(20)]
    public long WindowStart { get; set; }

    /// <summary>Inputs in the window so far.</summary>
    [Id(21)]
    public int WindowCount { get; set; }

    /// <summary>Prediction errors counted.</summary>
    [Id(22)]
    public long ErrorCount { get; set; }

    /// <summary>Sum of the model's squared errors (scaled units, mean over predicted features).</summary>
    [Id(23)]
    public double ErrorSum { get; set; }

    /// <summary>Sum of the naive forecast's squared errors.</summary>
    [Id(24)]
    public double NaiveErrorSum { get; set; }

    /// <summary>Moving average of the model's squared error.</summary>
    [Id(25)]
    public double RecentError { get; set; }

    /// <summary>Moving average of the naive forecast's squared error.</summary>
    [Id(26)]
    public double RecentNaiveError { get; set; }

    /// <summary>The series' own autoregression, when its model has one.</summary>
    [Id(27)]
    public AutoregressionState? Autoregression { get; set; }

    /// <summary>The autoregression's part of the latest prediction, scaled like <see cref="LastOutput"/> (P; zeros without one).</summary>
    [Id(28)]
    public float[] LastAutoregression { get; set; } = [];

    /// <summary>The 80% interval's state per predicted feature (<see cref="IntervalTracker"/>; empty before the first tick).</summary>
    [Id(29)]
    public float[] Interval { get; set; } = [];

    /// <summary>Outcomes (per predicted feature) that had an interval.</summary>
    [Id(30)]
    public long IntervalOutcomes { get; set; }

    /// <summary>Outcomes that fell inside their interval.</summary>
    [Id(31)]
    public long IntervalHits { get; set; }

    /// <summary>The anomaly interval's state per predicted feature (<see cref="IntervalTracker"/> at <c>GrainsOptions.AnomalyLevel</c>).</summary>
    [Id(32)]
    public float[] AnomalyInterval { get; set; } = [];

    /// <summary>Ticks flagged as anomalies: outside the anomaly interval predicted for them.</summary>
    [Id(33)]
    public long Anomalies { get; set; }

    /// <summary>The skill weight's state per predicted feature (<see cref="Skill"/>; empty before the first tick).</summary>
    [Id(34)]
    public float[] Skill { get; set; } = [];

    /// <summary>The latest predicted change before its skill weight (P), learnt from when its outcome comes.</summary>
    [Id(35)]
    public float[] LastUnweighted { get; set; } = [];

    /// <summary>The network's predicted scale of the latest predicted change (P; 1 without a scale head), the unit of its 80% interval.</summary>
    [Id(36)]
    public float[] LastSigma { get; set; } = [];
}
