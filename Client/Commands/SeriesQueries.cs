using LstmActors.Client.Streaming;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Commands;

/// <summary>Looks up a series for the per-series verbs: its status and its model's definition, or an input error if it has seen no tick.</summary>
internal static class SeriesQueries
{
    /// <summary>The series' status and model; throws <see cref="InputException"/> for a series the cluster has no tick of.</summary>
    public static async Task<(SeriesStatus Status, ModelDefinition Model)> FindAsync(IGrainFactory grains, string series)
    {
        try
        {
            var status = await grains.GetGrain<ISeriesGrain>(series).Status();
            if (status.Model is null || status.TicksSeen == 0)
                throw new InputException($"series '{series}' has seen no tick in this cluster");
            var definition = await grains.GetGrain<IModelGrain>(status.Model).GetDefinition();
            return (status, definition);
        }
        catch (Exception e)
        {
            throw GrainErrors.Translate(e, $"series '{series}'");
        }
    }
}
