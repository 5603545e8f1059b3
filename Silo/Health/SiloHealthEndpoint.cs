using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Silo.Health;

/// <summary>
/// HTTP on its own port (Kestrel from the ASP.NET Core shared framework), next to the silo:
/// <c>/health/live</c> (the process answers), <c>/health/ready</c> (200 once this silo is Active in Orleans' membership
/// view, 503 otherwise) and <c>/health</c> (the full <see cref="SiloHealthReport"/>).
/// </summary>
internal sealed class SiloHealthEndpoint(
    SiloHealthEndpointOptions options,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IGrainFactory grains,
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
        app.MapGet("/health/ready", () => AnswerAsync(readinessProbe: true));
        app.MapGet("/health", () => AnswerAsync(readinessProbe: false));
        await app.StartAsync(cancellationToken);
        _app = app;
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        logger.LogInformation("Health endpoint of silo {SiloName} listening on {Url}/health (live, ready)", silo.Name, url);
    }

    /// <summary>The report as JSON; for the readiness probe 503 unless ready. Activations that cannot be counted (the silo is stopping) are a 503 naming why.</summary>
    private async Task<IResult> AnswerAsync(bool readinessProbe)
    {
        var view = membership.CurrentSnapshot;
        var self = silo.SiloAddress;
        var status = view.GetSiloStatus(self);
        var running = lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;
        IReadOnlyDictionary<string, int> activations;
        try
        {
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([self]);
            activations = statistics.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Results.Text($"not ready: silo {silo.Name} cannot count its activations: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var report = new SiloHealthReport(
            silo.Name,
            self.ToParsableString(),
            status == SiloStatus.None ? null : status.ToString(),
            running && status == SiloStatus.Active,
            view.Version.Value,
            view.Members.Values.OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
                .Select(m => new SiloHealthMember(m.SiloAddress.ToParsableString(), m.Status.ToString(), m.Name)).ToArray(),
            activations);
        return Results.Json(report, statusCode: !readinessProbe || report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
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
