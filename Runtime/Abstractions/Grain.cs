using LstmActors.Runtime.Activation;

namespace LstmActors.Runtime;

/// <summary>Base class of grain implementations (Orleans' Grain): life-cycle hooks, factory, timers.</summary>
public abstract class Grain : IAddressable
{
    /// <summary>Creates the grain; only the runtime constructs grains (while activating them).</summary>
    protected Grain()
    {
        Activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"Grain '{GetType().FullName}' was constructed outside the runtime; obtain grains with IGrainFactory.GetGrain.");
    }

    internal ActivationData Activation { get; }

    /// <summary>Factory for references to other grains (or this one).</summary>
    public IGrainFactory GrainFactory => Activation.Silo.GrainFactory;

    /// <summary>Called once before the first call is delivered; a throw fails the activation and the calls waiting for it.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once when the activation is collected, moved or shut down (not when its silo is killed).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this activation once the current turn (and any running turns) end.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."), onlyIfIdle: false);

    /// <summary>
    /// Registers a timer whose callback runs on this activation (never concurrently with its turns, but interleaving
    /// with them at await points, as in Orleans); the next tick is scheduled after the callback's task ends.
    /// Timers do not keep the activation alive and stop when it deactivates.
    /// </summary>
    protected IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, state, dueTime, period);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}/{Activation.GrainId.Key}";
}
