using System.Text.Json.Serialization;
using LstmActors.Grains.Persistence;

namespace LstmActors.Grains.Series;

/// <summary>
/// A series grain's durable state: its model, sequence position, carry, scaler statistics, the training window in
/// progress and its running errors. Enough for the series to resume on another silo exactly where it stopped.
/// </summary>
public sealed class SeriesState
{
    /// <summary>The model the series belongs to, or null before its first tick.</summary>
    public string? Model { get; set; }

    /// <summary>Sequence number of the series' first tick.</summary>
    public long FirstSequence { get; set; }

    /// <summary>Sequence number of the latest applied tick (-1 before any).</summary>
    public long LastSequence { get; set; } = -1;

    /// <summary>Ticks applied.</summary>
    public long TicksSeen { get; set; }

    /// <summary>Time of the latest tick.</summary>
    public DateTimeOffset LastTimestamp { get; set; }

    /// <summary>Weights version of the latest step.</summary>
    public int ModelVersion { get; set; }

    /// <summary>The LSTM carry, layer by layer as [h | c].</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] Carry { get; set; } = [];

    /// <summary>Scaler: values seen.</summary>
    public long ScalerCount { get; set; }

    /// <summary>Scaler: running means of the transformed features.</summary>
    [JsonConverter(typeof(FloatsAsBase64<double>))]
    public double[] ScalerMean { get; set; } = [];

    /// <summary>Scaler: running sums of squared deviations.</summary>
    [JsonConverter(typeof(FloatsAsBase64<double>))]
    public double[] ScalerM2 { get; set; } = [];

    /// <summary>Scaler: latest transformed value of each feature.</summary>
    [JsonConverter(typeof(FloatsAsBase64<double>))]
    public double[] ScalerLast { get; set; } = [];

    /// <summary>Scaler: sums of squared one-step changes.</summary>
    [JsonConverter(typeof(FloatsAsBase64<double>))]
    public double[] ScalerChangeSquares { get; set; } = [];

    /// <summary>Scaled input of the latest tick (F).</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] LastInput { get; set; } = [];

    /// <summary>Transformed value of each predicted feature at the latest tick (P).</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] LastBase { get; set; } = [];

    /// <summary>Change scale of each predicted feature at the latest tick (P): the unit of the network's outputs.</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] LastDeviation { get; set; } = [];

    /// <summary>Network output (scaled predicted changes) at the latest tick (P).</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] LastOutput { get; set; } = [];

    /// <summary>The latest prediction in original units (P).</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] LastPrediction { get; set; } = [];

    /// <summary>Training window in progress: scaled inputs (W, F).</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] WindowInputs { get; set; } = [];

    /// <summary>Training window in progress: targets (W, P); row i is filled when the tick after input i arrives.</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] WindowTargets { get; set; } = [];

    /// <summary>Training window in progress: the carry before its first input.</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] WindowCarry { get; set; } = [];

    /// <summary>Sequence number of the window's first input.</summary>
    public long WindowStart { get; set; }

    /// <summary>Inputs in the window so far.</summary>
    public int WindowCount { get; set; }

    /// <summary>Prediction errors counted.</summary>
    public long ErrorCount { get; set; }

    /// <summary>Sum of the model's squared errors (scaled units, mean over predicted features).</summary>
    public double ErrorSum { get; set; }

    /// <summary>Sum of the naive forecast's squared errors.</summary>
    public double NaiveErrorSum { get; set; }

    /// <summary>Moving average of the model's squared error.</summary>
    public double RecentError { get; set; }

    /// <summary>Moving average of the naive forecast's squared error.</summary>
    public double RecentNaiveError { get; set; }
}
