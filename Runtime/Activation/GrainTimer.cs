using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Activation;

/// <summary>A grain timer: ticks are posted to the activation (single-threaded with its turns); the next tick is armed after the callback ends.</summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<object?, Task> _callback;
    private readonly object? _state;
    private readonly TimeSpan _period;
    private readonly Timer _timer;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _period = period;
        _timer = new Timer(static s => ((GrainTimer)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private void OnTick()
    {
        if (!_disposed) _activation.Post(static s => _ = ((GrainTimer)s!).RunAsync(), this);
    }

    private async Task RunAsync()
    {
        if (_disposed || _activation.State != ActivationState.Valid) return;
        try
        {
            await _callback(_state);
        }
        catch (Exception e)
        {
            _activation.Silo.Logger.LogWarning(e, "Timer callback of {Grain} threw.", _activation.GrainId);
        }
        if (!_disposed && _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
        {
            try
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check and the change: nothing to re-arm.
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }
}
