using System.Net;

namespace LstmActors.Web.Hosting;

/// <summary>Where a silo's web app listens and the token that guards it.</summary>
/// <param name="Bind">Address to listen on; loopback unless exposed on purpose.</param>
/// <param name="Port">TCP port; 0 picks a free one.</param>
/// <param name="Token">Bearer token every request but the liveness and readiness probes must carry; null: none.</param>
public sealed record WebOptions(IPAddress Bind, int Port, string? Token)
{
    /// <summary>A free loopback port without a token: what the demo uses.</summary>
    public static WebOptions Loopback(int port = 0) => new(IPAddress.Loopback, port, null);
}
