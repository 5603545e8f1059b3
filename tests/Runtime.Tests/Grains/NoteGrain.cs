using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public sealed class NoteState
{
    public string Text { get; set; } = "";
}

/// <summary>A grain whose stored state grows and shrinks, so a reused serialization buffer must write exactly what is current.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    Task Write(string text);

    Task<string> Read();

    Task Deactivate();
}

public sealed class NoteGrain([PersistentState("note")] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    public async Task Write(string text)
    {
        note.State.Text = text;
        await note.WriteStateAsync();
    }

    public Task<string> Read() => Task.FromResult(note.State.Text);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
