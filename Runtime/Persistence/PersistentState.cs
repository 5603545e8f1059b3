using System.Buffers;
using System.Text.Json;
using LstmActors.Runtime.Activation;

namespace LstmActors.Runtime.Persistence;

/// <summary>
/// IPersistentState backed by an IGrainStorage; the state is stored as UTF-8 JSON (System.Text.Json). Each write
/// serializes into a buffer the state keeps, so a grain that writes on every call allocates no new bytes for it.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader
{
    private readonly IGrainStorage _storage;
    private readonly GrainStateKey _key;
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private Utf8JsonWriter? _writer;
    private bool _writing;

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
        // A reentrant grain may write again before the store is done with the kept buffer: that write gets its own.
        if (_writing)
        {
            Etag = await _storage.WriteAsync(_key, JsonSerializer.SerializeToUtf8Bytes(State), Etag);
            return;
        }
        _writing = true;
        try
        {
            _buffer.ResetWrittenCount();
            if (_writer is null) _writer = new Utf8JsonWriter(_buffer);
            else _writer.Reset(_buffer);
            JsonSerializer.Serialize(_writer, State);
            Etag = await _storage.WriteAsync(_key, _buffer.WrittenMemory, Etag);
        }
        finally
        {
            _writing = false;
        }
    }

    public async Task ClearStateAsync()
    {
        await _storage.ClearAsync(_key, Etag);
        Etag = null;
        State = New();
    }
}
