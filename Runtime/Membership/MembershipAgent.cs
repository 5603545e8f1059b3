using LstmActors.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Membership;

/// <summary>
/// A silo's membership duties, only through <see cref="IMembershipTable"/>: join (declaring older incarnations on
/// the same endpoint dead), write IAmAlive every period, re-read the table, declare dead (compare-and-swap) any
/// silo whose IAmAlive is older than the limit, publish the view of active silos, and leave.
/// (Direct probes and suspicion votes from several silos are the next runtime issue; they plug in at <see cref="DetectDeathsAsync"/>.)
/// </summary>
internal sealed class MembershipAgent(IMembershipTable table, ClusterMembershipOptions options, SiloAddress self, int gatewayPort, string hostName, ILogger logger)
{
    private const int MaxChangeAttempts = 50;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _startTime = DateTimeOffset.UtcNow;
    private volatile ClusterView _view = ClusterView.Empty;
    private TaskCompletionSource _viewChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _leaving;
    private int _declaredDead;
    private Task _loop = Task.CompletedTask;

    public ClusterView View => _view;

    /// <summary>Raised (on the agent's loop) when the set of active silos changes.</summary>
    public event Action<ClusterView>? ViewChanged;

    /// <summary>Raised once if this silo finds itself declared dead in the table.</summary>
    public event Action? DeclaredDead;

    /// <summary>Completes at the next view change.</summary>
    public Task NextViewChange => Volatile.Read(ref _viewChanged).Task;

    private TimeSpan DeathThreshold => options.IAmAlivePeriod() * options.NumMissedTableIAmAliveLimit;

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var entry = new MembershipEntry(self, SiloStatus.Joining, gatewayPort, hostName, _startTime, now, []);
        if (!await ChangeAsync(data => table.InsertRowAsync(entry, data.Version.Next(), cancellationToken), cancellationToken))
            throw new InvalidOperationException($"Silo {self} could not insert its membership row after {MaxChangeAttempts} attempts.");
        // An older incarnation on the same endpoint is gone for good: this one replaces it.
        var data = await table.ReadAllAsync(cancellationToken);
        foreach (var row in data.Rows.Where(r => r.Entry.Silo.Host == self.Host && r.Entry.Silo.Port == self.Port
                     && r.Entry.Silo.Generation < self.Generation && r.Entry.Status != SiloStatus.Dead))
            await SetStatusAsync(row.Entry.Silo, SiloStatus.Dead, cancellationToken);
        if (!await SetStatusAsync(self, SiloStatus.Active, cancellationToken))
            throw new InvalidOperationException($"Silo {self} could not mark itself active in the membership table (declared dead while joining?).");
        await RefreshAsync(cancellationToken);
        logger.LogInformation("Silo {Silo} joined; view {View}.", self, _view);
        _loop = LoopAsync();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(options.IAmAlivePeriod());
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await table.UpdateIAmAliveAsync(self, DateTimeOffset.UtcNow, _stop.Token);
                    await RefreshAsync(_stop.Token);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Membership round of {Silo} failed; retrying next period.", self);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Reads the table, declares overdue silos dead and publishes the view.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken);
        if (await DetectDeathsAsync(data, cancellationToken)) data = await table.ReadAllAsync(cancellationToken);
        var own = data.Rows.FirstOrDefault(r => r.Entry.Silo.Equals(self));
        if (own is { Entry.Status: SiloStatus.Dead } && !_leaving)
        {
            if (Interlocked.Exchange(ref _declaredDead, 1) == 0)
            {
                logger.LogError("Silo {Silo} was declared dead by the cluster; it stops.", self);
                DeclaredDead?.Invoke();
            }
            return;
        }
        var active = data.Rows.Where(r => r.Entry.Status == SiloStatus.Active).Select(r => r.Entry.Silo);
        if (_leaving) active = active.Where(s => !s.Equals(self));
        Publish(new ClusterView(active, data.Version.Version));
    }

    private async Task<bool> DetectDeathsAsync(MembershipTableData data, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        bool changed = false;
        foreach (var row in data.Rows)
        {
            var entry = row.Entry;
            if (entry.Silo.Equals(self) || entry.Status == SiloStatus.Dead || now - entry.IAmAliveTime <= DeathThreshold) continue;
            var dead = entry with { Status = SiloStatus.Dead, Suspicions = [.. entry.Suspicions, new SuspicionVote(self, now)] };
            if (await table.UpdateRowAsync(dead, row.ETag, data.Version.Next(), cancellationToken))
            {
                logger.LogWarning("Silo {Silo} declared {Dead} dead: no IAmAlive for {Age}.", self, entry.Silo, now - entry.IAmAliveTime);
                changed = true;
                data = await table.ReadAllAsync(cancellationToken);
            }
        }
        return changed;
    }

    private void Publish(ClusterView view)
    {
        var previous = _view;
        _view = view;
        if (previous.SameSilos(view)) return;
        logger.LogInformation("Silo {Silo} view changed: {View}.", self, view);
        ViewChanged?.Invoke(view);
        Interlocked.Exchange(ref _viewChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Marks this silo ShuttingDown and drops it from its own view (placement moves its grains away).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await SetStatusAsync(self, SiloStatus.ShuttingDown, cancellationToken);
        Publish(new ClusterView(_view.Silos.Where(s => !s.Equals(self)), _view.Version));
    }

    /// <summary>Marks this silo Dead (it left gracefully) and stops the loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await _stop.CancelAsync();
        await _loop;
        await SetStatusAsync(self, SiloStatus.Dead, cancellationToken);
    }

    /// <summary>Stops heart-beating at once, writing nothing (a killed silo).</summary>
    public void Kill() => _stop.Cancel();

    private async Task<bool> SetStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
        => await ChangeAsync(async data =>
        {
            var row = data.Rows.FirstOrDefault(r => r.Entry.Silo.Equals(silo));
            if (row is null || row.Entry.Status == status) return true;
            // Dead is final: a silo declared dead must come back as a new incarnation.
            if (row.Entry.Status == SiloStatus.Dead) return false;
            return await table.UpdateRowAsync(row.Entry with { Status = status, IAmAliveTime = silo.Equals(self) ? DateTimeOffset.UtcNow : row.Entry.IAmAliveTime }, row.ETag, data.Version.Next(), cancellationToken);
        }, cancellationToken);

    /// <summary>Runs a compare-and-swap change against a fresh read until it succeeds (the table version moved meanwhile otherwise).</summary>
    private async Task<bool> ChangeAsync(Func<MembershipTableData, Task<bool>> change, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxChangeAttempts; attempt++)
        {
            var data = await table.ReadAllAsync(cancellationToken);
            if (await change(data)) return true;
            await Task.Delay(Random.Shared.Next(1, 1 + 4 * (attempt + 1)), cancellationToken);
        }
        return false;
    }
}

/// <summary>Reads of <see cref="ClusterMembershipOptions"/> with their validation.</summary>
internal static class ClusterMembershipOptionsExtensions
{
    public static TimeSpan IAmAlivePeriod(this ClusterMembershipOptions options)
        => options.IAmAliveTablePublishTimeout > TimeSpan.Zero
            ? options.IAmAliveTablePublishTimeout
            : throw new ArgumentOutOfRangeException(nameof(options), $"ClusterMembershipOptions.IAmAliveTablePublishTimeout must be positive, got {options.IAmAliveTablePublishTimeout}.");
}
