using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>A silo's listener for new weights of a model (an Orleans grain observer, see <see cref="IModelGrain.Subscribe"/>).</summary>
public interface IModelObserver : IGrainObserver
{
    /// <summary>A new version was published; the silo's batcher swaps it in between batches.</summary>
    [OneWay]
    Task VersionPublished(ModelVersion version);
}
