using LstmActors.Runtime;

namespace Runtime.Bench;

/// <summary>The benchmark's grain: a call that returns at once (Orleans' IPingGrain).</summary>
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Returns immediately.</summary>
    ValueTask Run();
}

/// <summary>Answers at once.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    /// <inheritdoc />
    public ValueTask Run() => ValueTask.CompletedTask;
}
