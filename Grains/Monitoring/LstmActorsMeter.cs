using System.Diagnostics.Metrics;

namespace LstmActors.Grains.Monitoring;

/// <summary>The project's own instruments (meter <see cref="Name"/>), tagged by model; a silo's web app exports them at <c>/metrics</c>.</summary>
public static class LstmActorsMeter
{
    /// <summary>The meter's name, for exporters to listen to.</summary>
    public const string Name = "LstmActors";

    private static readonly Meter Meter = new(Name);

    /// <summary>Ticks the series grains applied (duplicates not counted): one add per call, not per tick.</summary>
    public static readonly Counter<long> Ticks = Meter.CreateCounter<long>("lstmactors.ticks", "{tick}", "Ticks applied by series grains");

    /// <summary>Ticks flagged as anomalies (outside the anomaly interval predicted for them): one add per call that flagged any.</summary>
    public static readonly Counter<long> Anomalies = Meter.CreateCounter<long>("lstmactors.anomalies", "{tick}", "Ticks flagged as anomalies by series grains");

    /// <summary>Series steps the step batchers ran (one-step predictions and forecast steps): one add per engine call.</summary>
    public static readonly Counter<long> Predictions = Meter.CreateCounter<long>("lstmactors.predictions", "{prediction}", "Series steps run by the step batchers");

    /// <summary>Series stepped together in one batched engine call.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("lstmactors.batch.size", "{series}", "Series per batched engine call",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });

    /// <summary>Duration of one batched engine call.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("lstmactors.step.duration", "s", "Duration of one batched engine call",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1] });

    /// <summary>Mean training loss of a model's latest optimizer step (recorded where the model grain runs).</summary>
    public static readonly Gauge<double> TrainingLoss = Meter.CreateGauge<double>("lstmactors.training.loss", null, "Mean training loss of the latest optimizer step");

    /// <summary>Optimizer steps a model grain took.</summary>
    public static readonly Counter<long> TrainingSteps = Meter.CreateCounter<long>("lstmactors.training.steps", "{step}", "Optimizer steps taken");

    /// <summary>A model's current weights version (recorded where the model grain runs).</summary>
    public static readonly Gauge<long> WeightsVersion = Meter.CreateGauge<long>("lstmactors.weights.version", "{version}", "Current weights version");

    /// <summary>The tag naming a model; made once per series or batcher, so recording allocates nothing.</summary>
    public static KeyValuePair<string, object?> ModelTag(string model) => new("model", model);
}
