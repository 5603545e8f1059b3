using LstmActors.Grains.Catalog;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Series;
using LstmActors.Grains.Training;

namespace LstmActors.Web.Live;

/// <summary>Reads what the live page shows from the grains: the model catalog and model grains, every silo's ticks grain, Orleans' management grain for the active series, the series grains themselves.</summary>
public sealed class ClusterReader(IGrainFactory grains, ILocalSiloDetails silo)
{
    private readonly GrainType _seriesType = grains.GetGrain<ISeriesGrain>("-").GetGrainId().Type;

    /// <summary>The front page's view: <paramref name="take"/> series whose id contains <paramref name="search"/> (any case), by id.</summary>
    public async Task<OverviewView> OverviewAsync(string search, int take)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var ids = (await ActiveSeriesAsync()).Where(id => id.Contains(search, StringComparison.OrdinalIgnoreCase)).ToArray();
        var statuses = await Task.WhenAll(ids.Take(take).Select(id => grains.GetGrain<ISeriesGrain>(id).Status()));
        var series = statuses.Select(s => new SeriesRow(s.SeriesId, s.Model, s.Silo, s.TicksSeen, s.ModelVersion, s.LastPrediction, s.RecentError, s.RecentNaiveError,
            s.IntervalCoverage, s.Anomalies)).ToArray();

        var hosts = (await management.GetDetailedHosts()).Where(h => h.Status == SiloStatus.Active)
            .OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal).ToArray();
        var ticks = await Task.WhenAll(hosts.Select(h => grains.GetGrain<ISiloTicksGrain>(h.SiloAddress.ToParsableString()).GetTicks()));
        var silos = hosts.Zip(ticks, (h, t) => new SiloView(t.Silo, h.SiloName, t.Models.ToDictionary(m => m.Model, m => Math.Round(m.TicksPerSecond, 1)))).ToArray();

        var catalog = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).List();
        var models = await Task.WhenAll(catalog.Select(async m =>
        {
            var status = await grains.GetGrain<IModelGrain>(m.Name).Status();
            // Every silo's running evaluation of the model, added up.
            var scores = ticks.SelectMany(t => t.Models).Where(t => t.Model == m.Name && t.Score is not null).Select(t => t.Score!).ToArray();
            double error = scores.Sum(s => s.ErrorSum), naive = scores.Sum(s => s.NaiveErrorSum);
            long outcomes = scores.Sum(s => s.IntervalOutcomes);
            return new ModelView(m.Name, status.Version, status.Steps, m.PredictedFeatures,
                status.RecentLosses.Select(l => new double[] { l.Version, l.Loss }).ToArray(),
                naive > 0 ? error / naive : null, outcomes > 0 ? (double)scores.Sum(s => s.IntervalHits) / outcomes : null, scores.Sum(s => s.Anomalies));
        }));
        return new OverviewView(silo.Name, ids.Length, series, models, silos);
    }

    /// <summary>Where series <paramref name="id"/> stands, or null if it is not active in the cluster or has seen no tick (then it is no series to show).</summary>
    public async Task<SeriesStatus?> FindAsync(string id)
    {
        // Asked first: a status call would activate a series for any id typed into the address bar.
        if (!(await ActiveSeriesAsync()).Contains(id, StringComparer.Ordinal)) return null;
        var status = await grains.GetGrain<ISeriesGrain>(id).Status();
        return status.Model is null || status.TicksSeen == 0 ? null : status;
    }

    /// <summary>The ids of the series active on any silo, by id.</summary>
    private async Task<string[]> ActiveSeriesAsync() =>
        (await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(_seriesType))
            .Select(g => g.Key.ToString()!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A series page's view with a forecast <paramref name="horizon"/> steps ahead, or null if the series has seen no tick (ask <see cref="FindAsync"/> first: this activates it).</summary>
    public async Task<SeriesView?> SeriesAsync(string id, int horizon)
    {
        var grain = grains.GetGrain<ISeriesGrain>(id);
        var status = await grain.Status();
        if (status.Model is null || status.TicksSeen == 0) return null;
        var history = await grain.History();
        var forecast = await grain.Forecast(horizon);
        return new SeriesView(status, history, forecast);
    }
}
