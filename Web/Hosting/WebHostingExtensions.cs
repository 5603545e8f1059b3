using LstmActors.Grains.Monitoring;
using LstmActors.Web.Access;
using LstmActors.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Dashboard;

namespace LstmActors.Web.Hosting;

/// <summary>
/// A silo's web app on its HTTP port: the live page (<c>/</c>), the Orleans Dashboard (<c>/dashboard</c>) and Prometheus
/// metrics through OpenTelemetry (<c>/metrics</c>: Orleans' meters and <see cref="LstmActorsMeter"/>). The silo must
/// also have the dashboard's grain services (<c>silo.AddDashboard()</c>).
/// </summary>
public static class WebHostingExtensions
{
    /// <summary>Orleans' own meter, exported next to the project's.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Adds Kestrel on <paramref name="options"/>' address and port, routing, metrics and the page's grain reader.</summary>
    public static WebApplicationBuilder AddLstmActorsWeb(this WebApplicationBuilder builder, WebOptions options)
    {
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(options.Bind, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<ClusterReader>();
        builder.Services.AddSingleton<SiloWebAddress>();
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("lstmactors")).WithMetrics(metrics => metrics
            .AddMeter(LstmActorsMeter.Name, OrleansMeter)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps the token gate (when <paramref name="options"/> has a token), the live page, <c>/dashboard</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapLstmActorsWeb(this WebApplication app, WebOptions options)
    {
        if (options.Token is { } token)
        {
            var gate = new TokenGate(token);
            app.Use((context, next) => gate.InvokeAsync(context, next));
        }
        app.MapLivePage();
        app.MapOrleansDashboard("/dashboard");
        app.MapPrometheusScrapingEndpoint();
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<SiloWebAddress>().Url = PublicUrl(app));
        return app;
    }

    /// <summary>The listening URL, with the silo's own address in place of a wildcard bind (0.0.0.0 is no address to browse to).</summary>
    private static string PublicUrl(WebApplication app)
    {
        var url = new UriBuilder(app.ListeningUrl());
        if (url.Host is "0.0.0.0" or "[::]" or "::") url.Host = app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Address.ToString();
        return url.Uri.ToString().TrimEnd('/');
    }

    /// <summary>The address the started app listens on, e.g. <c>http://127.0.0.1:41234</c> (the port Kestrel picked for port 0).</summary>
    public static string ListeningUrl(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
