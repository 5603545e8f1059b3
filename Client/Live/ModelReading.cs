using LstmActors.Grains.Series;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Live;

/// <summary>
/// Where one model and its series stand: weights version, optimizer steps and latest loss, and the series' online error
/// against the naive forecast (means over the series read; mean squared errors of predicted changes in each series' scaled units).
/// </summary>
/// <param name="Model">Model name (the kind of series).</param>
/// <param name="Series">Series read.</param>
/// <param name="Ticks">Ticks those series have applied.</param>
/// <param name="Version">Weights version of the model.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="Loss">Training loss of the latest step, if any.</param>
/// <param name="Error">Model error over the whole run.</param>
/// <param name="NaiveError">Naive error over the whole run.</param>
/// <param name="RecentError">Model error over about the last 50 ticks of each series.</param>
/// <param name="RecentNaiveError">Naive error over about the last 50 ticks.</param>
public sealed record ModelReading(string Model, int Series, long Ticks, int Version, long Steps, float? Loss,
    double Error, double NaiveError, double RecentError, double RecentNaiveError)
{
    /// <summary>Recent model error relative to naive: below 1 means the model beats "next = last".</summary>
    public double RecentRatio => RecentNaiveError > 0 ? RecentError / RecentNaiveError : double.NaN;

    /// <summary>Whole-run model error relative to naive.</summary>
    public double Ratio => NaiveError > 0 ? Error / NaiveError : double.NaN;

    /// <summary>Reads <paramref name="model"/>'s status and the status of <paramref name="seriesIds"/> (concurrently).</summary>
    public static async Task<ModelReading> ReadAsync(IGrainFactory grains, string model, IReadOnlyList<string> seriesIds)
    {
        var modelStatus = grains.GetGrain<IModelGrain>(model).Status();
        var statuses = await Task.WhenAll(seriesIds.Select(id => grains.GetGrain<ISeriesGrain>(id).Status()));
        var status = await modelStatus;
        var seen = statuses.Where(s => s.TicksSeen > 1).ToArray();
        double Mean(Func<SeriesStatus, double> pick) => seen.Length == 0 ? double.NaN : seen.Average(pick);
        return new ModelReading(model, seen.Length, statuses.Sum(s => s.TicksSeen), status.Version, status.Steps,
            status.RecentLosses.Count == 0 ? null : status.RecentLosses[^1].Loss,
            Mean(s => s.Error), Mean(s => s.NaiveError), Mean(s => s.RecentError), Mean(s => s.RecentNaiveError));
    }
}
