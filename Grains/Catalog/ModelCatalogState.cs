namespace LstmActors.Grains.Catalog;

/// <summary>The catalog's stored state: the registered models, in the order they were registered.</summary>
public sealed class ModelCatalogState
{
    /// <summary>One entry per registered model name.</summary>
    public List<RegisteredModel> Models { get; set; } = [];
}
