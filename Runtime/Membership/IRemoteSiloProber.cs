namespace LstmActors.Runtime.Membership;

/// <summary>Sends probes to other silos over the silo connections (Orleans' IRemoteSiloProber).</summary>
internal interface IRemoteSiloProber
{
    /// <summary>Pings <paramref name="target"/>; false if no pong arrives within <paramref name="timeout"/>.</summary>
    Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout);

    /// <summary>Asks <paramref name="intermediary"/> to ping <paramref name="target"/> and waits up to <paramref name="timeout"/> for its verdict.</summary>
    Task<IndirectProbeOutcome> ProbeIndirectlyAsync(SiloAddress intermediary, SiloAddress target, TimeSpan timeout);
}
