using LstmActors.Grains.Training;

namespace LstmActors.Grains.Series;

/// <summary>
/// One time series (key: the series id) with its own stateful LSTM carry (Keras <c>stateful=True</c>, one sequence per
/// series) and feature scaler. The first tick binds the series to a model; later ticks must name the same model.
/// </summary>
public interface ISeriesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies one tick and returns the prediction of the next. A tick seen before is acknowledged (Duplicate) and not
    /// applied again; a gap or an out-of-order tick throws <see cref="TickSequenceException"/>; a wrong feature count,
    /// NaN or infinity throws <see cref="InvalidTickException"/>. A rejected tick leaves the series untouched.
    /// </summary>
    Task<Prediction> Observe(string model, Tick tick);

    /// <summary>
    /// Applies a block of consecutive ticks (leading ticks already seen are acknowledged and skipped). The whole block is
    /// checked first: if any tick is rejected, none is applied.
    /// </summary>
    Task<PredictionBlock> ObserveMany(string model, Tick[] ticks);

    /// <summary>
    /// <see cref="ObserveMany"/> as part of a data-paced replay (<paramref name="block"/>): before predicting past the
    /// window the block's first tick closes, the series waits for the model's step on that window and on those of every
    /// other series of the block, so training keeps pace with the data and the predictions are deterministic.
    /// </summary>
    Task<PredictionBlock> ObserveReplay(string model, Tick[] ticks, ReplayBlock block);

    /// <summary>Forecasts <paramref name="horizon"/> steps ahead from a copy of the carry; the live carry is not touched.</summary>
    Task<Forecast> Forecast(int horizon);

    /// <summary>Keras <c>reset_states</c> for this series: zeroes its carry (scaler and sequence numbering are kept).</summary>
    Task Reset();

    /// <summary>Ticks seen, model version, running error against the naive forecast, last prediction.</summary>
    Task<SeriesStatus> Status();

    /// <summary>The latest ticks (up to 200) with the predictions made on them, kept in memory since the series activated.</summary>
    Task<SeriesHistory> History();
}
