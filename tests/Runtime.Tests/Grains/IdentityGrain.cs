using System.Collections.Concurrent;
using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>A value unique to the activation that answers.</summary>
    Task<string> GetActivationId();

    Task<string> GetKey();
}

/// <summary>Counts how often it was constructed per key, so tests can see duplicate activations.</summary>
public sealed class IdentityGrain : Grain, IIdentityGrain
{
    public static readonly ConcurrentDictionary<string, int> Constructions = new();
    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public IdentityGrain() => Constructions.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);

    public Task<string> GetActivationId() => Task.FromResult(_activationId);

    public Task<string> GetKey() => Task.FromResult(this.GetPrimaryKeyString());
}
