using System.Collections.Concurrent;
using LstmActors.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Membership;

/// <summary>
/// A silo's membership duties, only through <see cref="IMembershipTable"/>: join (declaring older incarnations on
/// the same endpoint dead, after checking it can reach the active silos), write IAmAlive every period, re-read the
/// table, probe its ring successors directly, vote a silo suspect when it misses probes in a row and no other silo
/// reaches it either (indirect probes), or when its IAmAlive is overdue, declare it dead (compare-and-swap) once enough distinct silos hold fresh votes, publish the view of
/// active silos, and leave.
/// </summary>
internal sealed class MembershipAgent(
    IMembershipTable table,
    ClusterMembershipOptions options,
    SiloAddress self,
    int gatewayPort,
    string hostName,
    IRemoteSiloProber prober,
    ILogger logger)
{
    private const int MaxChangeAttempts = 50;
    // Two, so that one intermediary that is down or slow itself does not decide alone.
    private const int IndirectProbeIntermediaries = 2;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _startTime = DateTimeOffset.UtcNow;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private volatile ClusterView _view = ClusterView.Empty;
    private TaskCompletionSource _viewChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _leaving;
    private int _declaredDead;
    private readonly ConcurrentDictionary<SiloAddress, long> _probesAnswered = new();
    private readonly ConcurrentDictionary<(SiloAddress Target, SiloAddress Intermediary, IndirectProbeOutcome Outcome), long> _indirectProbes = new();
    private Task _loop = Task.CompletedTask;
    private Task _probeLoop = Task.CompletedTask;

    public ClusterView View => _view;

    /// <summary>Raised (on the agent's loop) when the set of active silos changes.</summary>
    public event Action<ClusterView>? ViewChanged;

    /// <summary>Raised once if this silo finds itself declared dead in the table.</summary>
    public event Action? DeclaredDead;

    /// <summary>Completes at the next view change.</summary>
    public Task NextViewChange => Volatile.Read(ref _viewChanged).Task;

    private TimeSpan DeathThreshold => options.IAmAlivePeriod() * options.NumMissedTableIAmAliveLimit;

    /// <summary>Probes of <paramref name="target"/> this silo sent that were answered in time (tests await progress with it).</summary>
    public long ProbesAnsweredBy(SiloAddress target) => _probesAnswered.GetValueOrDefault(target);

    /// <summary>Indirect probes of <paramref name="target"/> this silo asked <paramref name="intermediary"/> for that ended with <paramref name="outcome"/>.</summary>
    public long IndirectProbes(SiloAddress target, SiloAddress intermediary, IndirectProbeOutcome outcome)
        => _indirectProbes.GetValueOrDefault((target, intermediary, outcome));

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        await table.InitializeAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var entry = new MembershipEntry(self, SiloStatus.Joining, gatewayPort, hostName, _startTime, now, []);
        if (!await ChangeAsync(data => table.InsertRowAsync(entry, data.Version.Next(), cancellationToken), cancellationToken))
            throw new InvalidOperationException($"Silo {self} could not insert its membership row after {MaxChangeAttempts} attempts.");
        if (options.ValidateInitialConnectivity) await ValidateConnectivityAsync(cancellationToken);
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
        _probeLoop = ProbeLoopAsync();
    }

    /// <summary>
    /// Pings every active silo with a fresh IAmAlive until one answers (one is enough: a silo dying meanwhile is left
    /// to the probes) or none is left fresh (they all died: this silo starts a new cluster view). If live peers keep
    /// refusing it past the deadline (a wrong cluster secret or cluster id, or no route), it marks itself dead and
    /// does not join.
    /// </summary>
    private async Task ValidateConnectivityAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + DeathThreshold + options.ProbeTimeout * options.NumMissedProbesLimit;
        var pause = options.ProbeTimeout < options.IAmAlivePeriod() ? options.ProbeTimeout : options.IAmAlivePeriod();
        while (true)
        {
            // Other silos declare any row with a stale IAmAlive dead, a joining one too: this check may outlast that.
            await table.UpdateIAmAliveAsync(self, DateTimeOffset.UtcNow, cancellationToken);
            var data = await table.ReadAllAsync(cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var peers = data.Rows.Select(r => r.Entry)
                .Where(e => e.Status == SiloStatus.Active && now - e.IAmAliveTime <= DeathThreshold && !(e.Silo.Host == self.Host && e.Silo.Port == self.Port))
                .Select(e => e.Silo).ToArray();
            if (peers.Length == 0) return;
            var answers = await Task.WhenAll(peers.Select(p => prober.ProbeAsync(p, options.ProbeTimeout)));
            if (answers.Any(a => a)) return;
            if (DateTimeOffset.UtcNow > deadline)
            {
                await SetStatusAsync(self, SiloStatus.Dead, cancellationToken);
                throw new InvalidOperationException(
                    $"Silo {self} could not reach any of the active silos [{string.Join(", ", peers.Select(p => p.ToString()))}] before its join deadline; "
                    + "it does not join (a wrong cluster secret or cluster id, or no network route; see the connection log).");
            }
            await Task.Delay(pause, cancellationToken);
        }
    }

    /// <summary>
    /// Every probe period pings this silo's ring successors; a peer missing too many in a row is probed indirectly and
    /// gets a suspicion vote unless an intermediary reached it.
    /// </summary>
    private async Task ProbeLoopAsync()
    {
        using var timer = new PeriodicTimer(options.ProbeTimeout);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await ProbeRoundAsync(_stop.Token);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Probe round of {Silo} failed; retrying next period.", self);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        var targets = ProbeTargets(_view.Silos);
        foreach (var gone in _missedProbes.Keys.Except(targets).ToArray()) _missedProbes.Remove(gone);
        var answers = await Task.WhenAll(targets.Select(t => prober.ProbeAsync(t, options.ProbeTimeout)));
        var overdue = new List<(SiloAddress Target, int Missed)>();
        for (int i = 0; i < targets.Length; i++)
        {
            if (answers[i])
            {
                _probesAnswered.AddOrUpdate(targets[i], 1, (_, n) => n + 1);
                _missedProbes[targets[i]] = 0;
                continue;
            }
            int missed = _missedProbes[targets[i]] = _missedProbes.GetValueOrDefault(targets[i]) + 1;
            logger.LogInformation("Silo {Silo}: probe of {Target} missed ({Missed} in a row).", self, targets[i], missed);
            if (missed >= options.NumMissedProbesLimit) overdue.Add((targets[i], missed));
        }
        if (overdue.Count == 0 || _leaving) return;
        var indirect = await Task.WhenAll(overdue.Select(o => ProbeIndirectlyAsync(o.Target)));
        for (int i = 0; i < overdue.Count; i++)
        {
            var (target, missed) = overdue[i];
            if (indirect[i].Reached)
                logger.LogWarning("Silo {Silo} does not vote against {Target} after {Missed} missed probes in a row: {Detail} (the path from {Silo} is likely at fault).",
                    self, target, missed, indirect[i].Detail, self);
            else if (!_leaving)
                await SuspectAsync(target, $"{missed} missed probes in a row; {indirect[i].Detail}", cancellationToken);
        }
    }

    /// <summary>
    /// Asks up to <see cref="IndirectProbeIntermediaries"/> other active silos, chosen at random, to ping
    /// <paramref name="target"/> (Orleans' indirect probes). Reached if any of them reached it; the detail names who
    /// was asked and what each found.
    /// </summary>
    private async Task<(bool Reached, string Detail)> ProbeIndirectlyAsync(SiloAddress target)
    {
        if (!options.EnableIndirectProbes) return (false, "indirect probes are off");
        var intermediaries = _view.Silos.Where(s => !s.Equals(self) && !s.Equals(target))
            .OrderBy(_ => Random.Shared.Next()).Take(IndirectProbeIntermediaries).ToArray();
        if (intermediaries.Length == 0) return (false, "no intermediary to probe it indirectly");
        // The intermediary pings with its own ProbeTimeout; one more period of slack covers the two extra hops.
        var timeout = options.ProbeTimeout * 2;
        var outcomes = await Task.WhenAll(intermediaries.Select(i => prober.ProbeIndirectlyAsync(i, target, timeout)));
        for (int i = 0; i < intermediaries.Length; i++)
        {
            _indirectProbes.AddOrUpdate((target, intermediaries[i], outcomes[i]), 1, (_, n) => n + 1);
            logger.LogInformation("Silo {Silo}: indirect probe of {Target} through {Intermediary}: {Outcome}.", self, target, intermediaries[i], outcomes[i]);
        }
        var detail = "indirect probes through " + string.Join(", ", intermediaries.Select((s, i) => $"{s}: {outcomes[i]}"));
        return (outcomes.Contains(IndirectProbeOutcome.Reached), detail);
    }

    /// <summary>The <see cref="ClusterMembershipOptions.NumProbedSilos"/> silos after this one on the ring of active silos (ordered by address).</summary>
    private SiloAddress[] ProbeTargets(IReadOnlyList<SiloAddress> active)
    {
        var others = active.Where(s => !s.Equals(self)).ToList();
        if (others.Count == 0) return [];
        int start = others.FindIndex(s => string.CompareOrdinal(s.ToString(), self.ToString()) > 0);
        if (start < 0) start = 0;
        return Enumerable.Range(0, Math.Min(options.NumProbedSilos, others.Count)).Select(i => others[(start + i) % others.Count]).ToArray();
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
        if (_leaving) return false;
        var now = DateTimeOffset.UtcNow;
        bool changed = false;
        foreach (var row in data.Rows)
        {
            var entry = row.Entry;
            if (entry.Silo.Equals(self) || entry.Status == SiloStatus.Dead || now - entry.IAmAliveTime <= DeathThreshold) continue;
            changed |= await SuspectAsync(entry.Silo, $"no IAmAlive for {now - entry.IAmAliveTime}", cancellationToken);
        }
        return changed;
    }

    /// <summary>
    /// Adds this silo's vote to <paramref name="suspect"/>'s row (compare-and-swap) and declares it dead in the same
    /// write when fresh votes from distinct silos reach <see cref="ClusterMembershipOptions.NumVotesForDeathDeclaration"/>,
    /// capped by the number of live voters (active silos other than the suspect with a fresh IAmAlive): a lone survivor
    /// can still declare its peer dead. True if the table changed.
    /// </summary>
    private async Task<bool> SuspectAsync(SiloAddress suspect, string reason, CancellationToken cancellationToken)
    {
        bool changed = false;
        await ChangeAsync(async data =>
        {
            var row = data.Rows.FirstOrDefault(r => r.Entry.Silo.Equals(suspect));
            var own = data.Rows.FirstOrDefault(r => r.Entry.Silo.Equals(self));
            // Only an active silo votes; a dead suspect needs no vote.
            if (row is null || row.Entry.Status == SiloStatus.Dead || own?.Entry.Status != SiloStatus.Active) return true;
            var now = DateTimeOffset.UtcNow;
            var votes = row.Entry.Suspicions
                .Where(v => !v.Voter.Equals(self) && now - v.Time <= options.DeathVoteExpirationTimeout)
                .GroupBy(v => v.Voter).Select(g => g.MaxBy(v => v.Time)!)
                .Append(new SuspicionVote(self, now)).ToArray();
            int liveVoters = data.Rows.Count(r => r.Entry.Status == SiloStatus.Active && !r.Entry.Silo.Equals(suspect)
                                                 && (r.Entry.Silo.Equals(self) || now - r.Entry.IAmAliveTime <= DeathThreshold));
            int required = Math.Max(1, Math.Min(options.NumVotesForDeathDeclaration, liveVoters));
            bool dead = votes.Length >= required;
            var updated = row.Entry with { Status = dead ? SiloStatus.Dead : row.Entry.Status, Suspicions = votes };
            if (!await table.UpdateRowAsync(updated, row.ETag, data.Version.Next(), cancellationToken)) return false;
            changed = true;
            if (dead)
                logger.LogWarning("Silo {Silo} declared {Dead} dead ({Reason}); votes from {Voters}.", self, suspect, reason, string.Join(", ", votes.Select(v => v.Voter.ToString())));
            else
                logger.LogWarning("Silo {Silo} suspects {Suspect} ({Reason}): vote {Votes} of {Required}.", self, suspect, reason, votes.Length, required);
            return true;
        }, cancellationToken);
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
        await _probeLoop;
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

    public static void Validate(this ClusterMembershipOptions options)
    {
        options.IAmAlivePeriod();
        if (options.ProbeTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), $"ClusterMembershipOptions.ProbeTimeout must be positive, got {options.ProbeTimeout}.");
        if (options.DeathVoteExpirationTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), $"ClusterMembershipOptions.DeathVoteExpirationTimeout must be positive, got {options.DeathVoteExpirationTimeout}.");
        if (options.NumProbedSilos < 1 || options.NumMissedProbesLimit < 1 || options.NumVotesForDeathDeclaration < 1 || options.NumMissedTableIAmAliveLimit < 1)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"ClusterMembershipOptions counts must be at least 1, got NumProbedSilos={options.NumProbedSilos}, NumMissedProbesLimit={options.NumMissedProbesLimit}, "
                + $"NumVotesForDeathDeclaration={options.NumVotesForDeathDeclaration}, NumMissedTableIAmAliveLimit={options.NumMissedTableIAmAliveLimit}.");
    }
}
