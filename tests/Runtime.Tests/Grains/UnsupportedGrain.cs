using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface IUnsupportedGrain : IGrainWithStringKey
{
    Task Take(object anything);
}

/// <summary>Implements an interface the serializer cannot handle: a silo hosting it must refuse to start.</summary>
public sealed class UnsupportedGrain : Grain, IUnsupportedGrain
{
    public Task Take(object anything) => Task.CompletedTask;
}
