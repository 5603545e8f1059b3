using System.Text.Json;
using LstmActors.Runtime.Activation;

namespace LstmActors.Runtime.Persistence;

/// <summary>IPersistentState backed by an IGrainStorage; the state is stored as UTF-8 JSON (System.Text.Json).</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader
{
    private readonly IGrainStorage _storage;
    private readonly GrainStateKey _key;

    private PersistentState(IGrainStorage storage, GrainStateKey key)
    {
        _storage = storage;
        _key = key;
        State = New();
    }

    /// <summary>Creates the state for an activation under construction and registers it to be read at activation.</summary>
    public static object Create(ActivationData activation, IGrainStorage storage, string stateName)
    {
        var state = new PersistentState<TState>(storage, new GrainStateKey(activation.Class.TypeName, activation.GrainId.Key, stateName));
        activation.AddState(state);
        return state;
    }

    private static TState New() => Activator.CreateInstance<TState>();

    public TState State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public Task LoadAsync() => ReadStateAsync();

    public async Task ReadStateAsync()
    {
        var stored = await _storage.ReadAsync(_key);
        if (stored is null)
        {
            State = New();
            Etag = null;
            return;
        }
        try
        {
            State = JsonSerializer.Deserialize<TState>(stored.Data) ?? New();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Stored state '{_key}' is not valid JSON for '{typeof(TState).FullName}': {e.Message}", e);
        }
        Etag = stored.ETag;
    }

    public async Task WriteStateAsync()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(State);
        Etag = await _storage.WriteAsync(_key, bytes, Etag);
    }

    public async Task ClearStateAsync()
    {
        await _storage.ClearAsync(_key, Etag);
        Etag = null;
        State = New();
    }
}
