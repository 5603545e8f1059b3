using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Runtime.Persistence;

/// <summary>A named grain storage provider registered on a silo (Orleans' AddXxxGrainStorage(name)).</summary>
public sealed record GrainStorageRegistration(string Name, Func<IServiceProvider, IGrainStorage> Factory)
{
    /// <summary>The name used when [PersistentState] gives none.</summary>
    public const string DefaultName = "Default";
}

/// <summary>The silo's grain storage providers by name, created and initialized once at start-up.</summary>
internal sealed class GrainStorageCatalog
{
    private readonly Dictionary<string, IGrainStorage> _storages = new(StringComparer.Ordinal);

    public GrainStorageCatalog(IEnumerable<GrainStorageRegistration> registrations, IServiceProvider services)
    {
        foreach (var registration in registrations)
        {
            if (!_storages.TryAdd(registration.Name, registration.Factory(services)))
                throw new InvalidOperationException($"Grain storage '{registration.Name}' is registered twice.");
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.WhenAll(_storages.Values.Select(s => s.InitializeAsync(cancellationToken)));

    public IGrainStorage Get(string? name, string place)
    {
        name ??= GrainStorageRegistration.DefaultName;
        return _storages.TryGetValue(name, out var storage)
            ? storage
            : throw new InvalidOperationException($"No grain storage named '{name}' is configured ({place}); configured: [{string.Join(", ", _storages.Keys)}].");
    }

    public static void Register(IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage> factory)
        => services.AddSingleton(new GrainStorageRegistration(name, factory));
}
