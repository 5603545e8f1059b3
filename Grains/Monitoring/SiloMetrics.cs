using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LstmActors.Grains.Monitoring;

/// <summary>
/// The silo's instruments on its <see cref="Meter"/> named <see cref="MeterName"/>, each measurement tagged with its
/// model (recorded through a <see cref="ModelMetrics"/>). Recorded once per grain call or engine call, never per tick.
/// </summary>
public sealed class SiloMetrics
{
    /// <summary>The meter's name, for an exporter to listen to.</summary>
    public const string MeterName = "LstmActors";

    private readonly Counter<long> _ticks, _predictions, _contributions;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _stepDuration, _loss;

    /// <summary>Instruments on <paramref name="meter"/>; the version gauge reads the models' versions from <paramref name="versions"/> when collected.</summary>
    public SiloMetrics(Meter meter, Func<IEnumerable<Measurement<int>>> versions)
    {
        _ticks = meter.CreateCounter<long>("lstmactors.ticks", "{tick}", "Ticks applied by series");
        _predictions = meter.CreateCounter<long>("lstmactors.predictions", "{prediction}", "One-step predictions and forecast steps answered");
        _batchSize = meter.CreateHistogram<int>("lstmactors.batch.size", "{series}", "Series advanced by one batched engine call");
        _stepDuration = meter.CreateHistogram<double>("lstmactors.step.duration", "s", "Duration of one batched engine call");
        _contributions = meter.CreateCounter<long>("lstmactors.training.contributions", "{contribution}", "Gradient contributions the model grain took");
        _loss = meter.CreateHistogram<double>("lstmactors.training.loss", null, "Mean loss of the windows of one gradient contribution");
        meter.CreateObservableGauge("lstmactors.model.version", versions, "{version}", "Weights version this silo serves");
    }

    /// <summary>A series applied <paramref name="ticks"/> ticks and answered as many predictions.</summary>
    internal void Observed(KeyValuePair<string, object?> model, int ticks)
    {
        _ticks.Add(ticks, model);
        _predictions.Add(ticks, model);
    }

    /// <summary>A forecast answered <paramref name="steps"/> predictions.</summary>
    internal void Forecasted(KeyValuePair<string, object?> model, int steps) => _predictions.Add(steps, model);

    /// <summary>One batched engine call advanced <paramref name="series"/> series; it started at <paramref name="startTimestamp"/>.</summary>
    internal void Stepped(KeyValuePair<string, object?> model, int series, long startTimestamp)
    {
        _batchSize.Record(series, model);
        _stepDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, model);
    }

    /// <summary>The model grain took a gradient contribution of windows whose mean loss was <paramref name="meanLoss"/>.</summary>
    internal void Contributed(KeyValuePair<string, object?> model, double meanLoss)
    {
        _contributions.Add(1, model);
        _loss.Record(meanLoss, model);
    }
}
