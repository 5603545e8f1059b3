using System.Net;
using LstmActors.Silo.Configuration;
using LstmActors.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LstmActors.Silo.Health;

/// <summary>The silo's HTTP port: health endpoints and the web app (live page, Orleans Dashboard, metrics), from the silo's settings.</summary>
internal static class SiloWeb
{
    /// <summary>Where the web app listens and its token, or null when the silo has no HTTP port.</summary>
    public static WebOptions? Options(SiloSettings settings)
    {
        if (settings.HealthPort is not int port) return null;
        if (!IPAddress.TryParse(settings.HttpBind, out var bind))
            throw new SiloConfigurationException($"{SiloSettings.Section}:HttpBind: '{settings.HttpBind}' is not an IP address");
        return new WebOptions(bind, port, settings.HttpTokenFile is { } file ? ReadToken(file) : null);
    }

    /// <summary>Builds the host and maps health and the web app; logs the URLs once it listens (scripts and tests wait for these lines).</summary>
    public static WebApplication Build(WebApplicationBuilder builder, WebOptions options)
    {
        var app = builder.Build();
        app.MapLstmActorsWeb(options);
        app.MapSiloHealth();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.ListeningUrl();
            var silo = app.Services.GetRequiredService<ILocalSiloDetails>().Name;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LstmActors.Silo.SiloWeb");
            logger.LogInformation("Health endpoint of silo {SiloName} listening on {Url}/health (live, ready)", silo, url);
            logger.LogInformation("Web app of silo {SiloName}: {Url}/ (live page), {Url}/dashboard/, {Url}/metrics{Token}", silo, url, url, url,
                options.Token is null ? "" : " (token required)");
        });
        return app;
    }

    private static string ReadToken(string file)
    {
        string? token;
        try
        {
            token = File.ReadLines(file).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SiloConfigurationException($"{SiloSettings.Section}:HttpTokenFile: cannot read '{file}': {e.Message}");
        }
        return string.IsNullOrEmpty(token)
            ? throw new SiloConfigurationException($"{SiloSettings.Section}:HttpTokenFile: '{file}' holds no token on its first line")
            : token;
    }
}
