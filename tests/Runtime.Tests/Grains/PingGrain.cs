using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface IPingGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;
}
