using LstmActors.Runtime.Persistence;

namespace LstmActors.Grains.Tests.Catalog;

/// <summary>In-memory grain storage whose writes of the model catalog's state fail while <see cref="Refusing"/> is set, as a database that is down would.</summary>
internal sealed class StorageRefusingCatalogWrites : IGrainStorage
{
    private readonly InMemoryGrainStorage _inner = new();

    public volatile bool Refusing;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _inner.InitializeAsync(cancellationToken);

    public Task<StoredState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default) => _inner.ReadAsync(key, cancellationToken);

    public ValueTask<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default) =>
        Refusing && key.StateName == "catalog"
            ? throw new IOException($"Storage refuses writes of '{key}'.")
            : _inner.WriteAsync(key, data, expectedETag, cancellationToken);

    public Task ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken = default) => _inner.ClearAsync(key, expectedETag, cancellationToken);
}
