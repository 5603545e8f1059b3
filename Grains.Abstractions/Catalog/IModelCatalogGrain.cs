using LstmActors.Grains.Models;

namespace LstmActors.Grains.Catalog;

/// <summary>
/// The cluster-wide registry of models (one grain, key <see cref="Key"/>): every model name the first time its model
/// grain is defined, kept in grain storage, plus the built-in models.
/// </summary>
public interface IModelCatalogGrain : IGrainWithStringKey
{
    /// <summary>The key of the one catalog of a cluster.</summary>
    const string Key = "models";

    /// <summary>Records <paramref name="definition"/>'s model if its name is new; a name already recorded keeps its first entry. Completes once stored.</summary>
    Task Register(ModelDefinition definition);

    /// <summary>The built-in models (in their order), then every registered model that is not built in, by name.</summary>
    Task<List<RegisteredModel>> List();
}
