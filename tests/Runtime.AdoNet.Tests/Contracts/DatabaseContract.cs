using LstmActors.Runtime.AdoNet.Tests.Databases;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>A contract run on a fresh database of kind <typeparamref name="TDatabase"/> per test, removed afterwards.</summary>
public abstract class DatabaseContract<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    /// <summary>This test's Database.</summary>
    protected TDatabase Database { get; } = new();

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Database.CreateAsync();

    /// <inheritdoc />
    public virtual async Task DisposeAsync() => await Database.DisposeAsync();
}
