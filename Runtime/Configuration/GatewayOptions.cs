using System.Net;

namespace LstmActors.Runtime.Configuration;

/// <summary>How an external client finds gateways: a static list and/or the membership table (Orleans' gateway list provider).</summary>
public sealed class GatewayOptions
{
    /// <summary>Gateway endpoints to use when no membership table is configured (or in addition to it).</summary>
    public List<IPEndPoint> Gateways { get; } = [];

    /// <summary>How often the client re-reads active gateways from the membership table.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
