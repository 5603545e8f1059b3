using LstmActors.Grains.Models;

namespace LstmActors.Grains.Catalog;

/// <summary>A model as the catalog knows it.</summary>
/// <param name="Name">Model name, the model grain's key.</param>
/// <param name="Features">Feature names in tick order.</param>
/// <param name="PredictedFeatures">Features the model predicts.</param>
/// <param name="DefinedAt">When the model was first registered; null for a built-in model never defined explicitly.</param>
[GenerateSerializer, Alias("lstmactors.RegisteredModel")]
public sealed record RegisteredModel(string Name, string[] Features, string[] PredictedFeatures, DateTimeOffset? DefinedAt)
{
    /// <summary>The entry for <paramref name="definition"/>, registered at <paramref name="definedAt"/>.</summary>
    public static RegisteredModel Of(ModelDefinition definition, DateTimeOffset? definedAt) =>
        new(definition.Name, definition.Features, definition.PredictedFeatures, definedAt);

    /// <summary>Whether every cluster knows this model without being told (see <see cref="BuiltInModels"/>).</summary>
    public bool IsBuiltIn() => BuiltInModels.Find(Name) is not null;
}
