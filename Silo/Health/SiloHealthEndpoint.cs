using System.Net;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Silos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LstmActors.Silo.Health;

/// <summary>
/// HTTP on its own port (Kestrel from the ASP.NET Core shared framework), next to the silo:
/// <c>/health/live</c> (the process answers), <c>/health/ready</c> (200 once the silo is Active in the membership table,
/// 503 otherwise) and <c>/health</c> (the full report: this silo, every silo of the table, the view it holds and its activation counts).
/// </summary>
internal sealed class SiloHealthEndpoint(
    SiloHealthEndpointOptions options,
    IMembershipTable table,
    ILocalSiloStatus local,
    IOptions<SiloOptions> silo,
    IHostApplicationLifetime lifetime,
    ILogger<SiloHealthEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Address, options.Port));
        var app = builder.Build();
        app.MapGet("/health/live", () => Results.Text("live\n"));
        app.MapGet("/health/ready", (CancellationToken ct) => AnswerAsync(readinessProbe: true, ct));
        app.MapGet("/health", (CancellationToken ct) => AnswerAsync(readinessProbe: false, ct));
        await app.StartAsync(cancellationToken);
        _app = app;
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        logger.LogInformation("Health endpoint of silo {SiloName} listening on {Url}/health (live, ready)", silo.Value.SiloName, url);
    }

    /// <summary>The report as JSON; for the readiness probe 503 unless ready. A membership table that cannot be read is a 503 naming why.</summary>
    private async Task<IResult> AnswerAsync(bool readinessProbe, CancellationToken cancellationToken)
    {
        SiloHealthReport report;
        try
        {
            report = await ReportAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Text($"not ready: silo {silo.Value.SiloName} cannot read the membership table: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Json(report, statusCode: !readinessProbe || report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<SiloHealthReport> ReportAsync(CancellationToken cancellationToken)
    {
        var running = lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;
        var data = await table.ReadAllAsync(cancellationToken);
        return SiloHealthReport.From(silo.Value.SiloName, running, data, DateTimeOffset.UtcNow) with
        {
            HeldView = new SiloHealthView(local.ViewVersion, local.ActiveSilos.Select(s => s.ToString()).ToArray()),
            Activations = local.ActivationCounts(),
        };
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>Where the health endpoint listens.</summary>
/// <param name="Address">Address to bind (the silo's own address, so probes reach it where the silo is reachable).</param>
/// <param name="Port">TCP port; 0 picks a free one (logged at start).</param>
internal sealed record SiloHealthEndpointOptions(IPAddress Address, int Port);
