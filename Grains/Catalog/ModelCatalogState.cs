namespace LstmActors.Grains.Catalog;

/// <summary>The catalog's stored state: the registered models, in the order they were registered.</summary>
[GenerateSerializer, Alias("lstmactors.ModelCatalogState")]
public sealed class ModelCatalogState
{
    /// <summary>One entry per registered model name.</summary>
    [Id(0)]
    public List<RegisteredModel> Models { get; set; } = [];
}
