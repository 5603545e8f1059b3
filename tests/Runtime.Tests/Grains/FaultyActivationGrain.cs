using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface IFaultyActivationGrain : IGrainWithStringKey
{
    Task<int> Get();
}

/// <summary>Fails to activate for keys starting with "bad".</summary>
public sealed class FaultyActivationGrain : Grain, IFaultyActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
        => this.GetPrimaryKeyString().StartsWith("bad", StringComparison.Ordinal)
            ? throw new InvalidOperationException("activation refused")
            : Task.CompletedTask;

    public Task<int> Get() => Task.FromResult(1);
}
