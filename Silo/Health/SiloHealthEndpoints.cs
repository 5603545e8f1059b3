using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LstmActors.Silo.Health;

/// <summary>
/// The silo's health on its HTTP port: <c>/health/live</c> (the process answers), <c>/health/ready</c> (200 once this
/// silo is Active in Orleans' membership view, 503 otherwise) and <c>/health</c> (the full <see cref="SiloHealthReport"/>).
/// </summary>
public static class SiloHealthEndpoints
{
    /// <summary>Maps the three health endpoints on <paramref name="app"/>, whose services are the silo's.</summary>
    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Text("live\n"));
        app.MapGet("/health/ready", () => AnswerAsync(app.Services, readinessProbe: true));
        app.MapGet("/health", () => AnswerAsync(app.Services, readinessProbe: false));
        return app;
    }

    /// <summary>The report as JSON; for the readiness probe 503 unless ready. Activations that cannot be counted (the silo is stopping) are a 503 naming why.</summary>
    private static async Task<IResult> AnswerAsync(IServiceProvider services, bool readinessProbe)
    {
        var silo = services.GetRequiredService<ILocalSiloDetails>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var view = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        var self = silo.SiloAddress;
        var status = view.GetSiloStatus(self);
        var running = lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;
        IReadOnlyDictionary<string, int> activations;
        try
        {
            var statistics = await services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([self]);
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
}
