namespace LstmActors.Grains.Monitoring;

/// <summary>Where this silo's web app answers, set by the web app once it listens (a silo without one has none); reported by <see cref="ISiloTicksGrain"/>.</summary>
public sealed class SiloWebAddress
{
    /// <summary>The base URL, e.g. <c>http://127.0.0.1:8080</c>, or null.</summary>
    public string? Url { get; set; }
}
