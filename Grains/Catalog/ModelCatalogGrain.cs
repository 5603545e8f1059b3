using LstmActors.Grains.Models;

namespace LstmActors.Grains.Catalog;

/// <summary>
/// The model catalog. Not reentrant: registrations run one turn at a time, so each is checked and written against
/// the latest stored list. Models are defined rarely, so one grain for the cluster is enough.
/// </summary>
public sealed class ModelCatalogGrain([PersistentState("catalog")] IPersistentState<ModelCatalogState> stored) : Grain, IModelCatalogGrain
{
    /// <inheritdoc />
    public async Task Register(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var models = stored.State.Models;
        if (models.Exists(m => m.Name == definition.Name)) return;
        var entry = RegisteredModel.Of(definition, DateTimeOffset.UtcNow);
        models.Add(entry);
        try
        {
            await stored.WriteStateAsync();
        }
        catch
        {
            // Not stored: forget it, so the caller's retry writes it instead of finding it already "registered".
            models.Remove(entry);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<List<RegisteredModel>> List()
    {
        var registered = stored.State.Models;
        var builtIn = BuiltInModels.All.Select(d => registered.Find(m => m.Name == d.Name) ?? RegisteredModel.Of(d, definedAt: null));
        var defined = registered.Where(m => !m.IsBuiltIn()).OrderBy(m => m.Name, StringComparer.Ordinal);
        return Task.FromResult(builtIn.Concat(defined).ToList());
    }
}
