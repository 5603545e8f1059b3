using Orleans.Storage;

namespace LstmActors.Grains.Tests.Catalog;

/// <summary>The silo's grain storage, except that writes of the model catalog's state fail while <see cref="Refusing"/> is set, as a database that is down would.</summary>
internal sealed class StorageRefusingCatalogWrites(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The name the real storage is registered under.</summary>
    public const string InnerName = "Sqlite";

    /// <summary>Set while writes of the catalog fail (one test at a time uses it).</summary>
    public static volatile bool Refusing;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Refusing && stateName == "catalog"
            ? throw new IOException($"Storage refuses writes of '{stateName}' for {grainId}.")
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
