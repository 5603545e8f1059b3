using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public sealed record Sample(string Name, float[] Values, DateTimeOffset At, int? Label);

public interface IBehaviourGrain : IGrainWithStringKey
{
    Task Throw(string message);

    /// <summary>Never completes.</summary>
    Task Hang();

    ValueTask<int> Add(int a, int b);

    Task<float[]> Echo(float[] values);

    Task<Sample> EchoSample(Sample sample);

    /// <summary>Calls <paramref name="other"/> (a reference passed as an argument) and returns its key.</summary>
    Task<string> CallOther(IIdentityGrain other);

    /// <summary>Calls grain <paramref name="key"/> of ITurnGrain.Work from inside this grain.</summary>
    Task CallTurnGrain(string key, int sequence);
}

public sealed class BehaviourGrain : Grain, IBehaviourGrain
{
    public Task Throw(string message) => throw new ArgumentException(message);

    public Task Hang() => new TaskCompletionSource().Task;

    public ValueTask<int> Add(int a, int b) => ValueTask.FromResult(a + b);

    public Task<float[]> Echo(float[] values) => Task.FromResult(values);

    public Task<Sample> EchoSample(Sample sample) => Task.FromResult(sample with { Name = sample.Name + "!" });

    public Task<string> CallOther(IIdentityGrain other) => other.GetKey();

    public Task CallTurnGrain(string key, int sequence) => GrainFactory.GetGrain<ITurnGrain>(key).Work(sequence);
}
